// What every benchmark module exports, and what each figure it returns holds. bench/run.ts
// prints and records these; bench/report.ts formats them.

/** Median of a figure's runs, with the fastest and slowest run: one number hides the noise. */
export interface Stats {
  median: number;
  min: number;
  max: number;
  /** How many runs (or samples) the median is of. */
  n: number;
  /** For latency figures over many samples: the 99th percentile (then `median` is the p50). */
  p99?: number;
}

/** One measured figure, with the baseline it is compared against in the same run. */
export interface BenchResult {
  name: string;
  unit: string;
  value: Stats;
  /** The same work done the simplest way, measured alternately with `value` on the same machine. */
  baseline?: { name: string; value: Stats };
  /**
   * value / baseline per alternated pair (each pair saw the same load), as median and min–max.
   * Absent when the baseline is not a like-for-like run (then only both medians are shown).
   */
  ratio?: Stats;
  /** The target, in words: `≤ 1.2×`, `< 16 ms`. */
  goal?: string;
}

/** Where the code under test lives: this checkout, or another one (`--target`) for before/after. */
export interface BenchContext {
  /** Root of the checkout whose src/ and bin/ are measured (built already). */
  target: string;
  /** Root of this checkout (the bench's own helpers, node_modules). */
  self: string;
  /** Key presses per latency condition (default 1000). */
  presses: number;
}

/** A table of its own in docs/benchmarks.md, for figures that are not one-against-a-baseline. */
export interface BenchSection {
  title: string;
  markdown: string;
}

/** What a module returns: figures for the main table, and optionally a section of its own. */
export type BenchOutput = BenchResult[] | { results: BenchResult[]; section: BenchSection };

export interface BenchModule {
  /** One paragraph per figure group: how it is measured, for docs/benchmarks.md. */
  how: string;
  run(context: BenchContext): Promise<BenchOutput>;
}
