// Types for scripts/build.mjs, imported by the benchmarks.
import type { BuildOptions } from 'esbuild';

export declare const bundleOptions: BuildOptions;
