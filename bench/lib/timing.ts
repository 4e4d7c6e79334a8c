// Times one function with Benchmark.js and reduces its samples to a single figure.
import Benchmark from "benchmark";

export interface TimingProfile {
  /** Seconds Benchmark.js may spend on one function (it stops after this once minSamples are in). */
  maxTime: number;
  minSamples: number;
  /** Seconds per sample; short samples keep the quick run quick, long ones average out noise. */
  minTime: number;
}

export const FULL: TimingProfile = { maxTime: 1.0, minSamples: 8, minTime: 0.05 };
export const QUICK: TimingProfile = { maxTime: 0.15, minSamples: 3, minTime: 0.015 };
/** For calls that take a large part of a second each: three samples of one call. */
export const SLOW_CALL: TimingProfile = { maxTime: 0, minSamples: 3, minTime: 0 };

export interface Timing {
  /** Median over samples of seconds per call: the machine is shared, so the mean is skewed by stalls. */
  seconds: number;
  samples: number;
  /** Relative margin of error at 95% as Benchmark.js reports it, in percent. */
  rme: number;
}

/** Runs `fn` repeatedly and returns its median time per call. */
export function time(name: string, fn: () => void, profile: TimingProfile): Timing {
  const bench = new Benchmark(name, fn, {
    maxTime: profile.maxTime,
    minSamples: profile.minSamples,
    minTime: profile.minTime,
  });
  bench.run({ async: false });
  if (bench.error) throw new Error(`bench: ${name} failed: ${String(bench.error)}`);
  const sorted = [...bench.stats.sample].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const seconds = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { seconds, samples: sorted.length, rme: bench.stats.rme };
}
