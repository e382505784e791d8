// What every benchmark module's `run()` returns; bench/run.ts prints and records these.

/** One measured figure, with the baseline it is compared against in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The same work done the simplest way, measured in the same run on the same machine. */
  baseline?: { name: string; value: number; unit: string };
  /** The target, in words: `well under 1 s`. */
  goal?: string;
}
