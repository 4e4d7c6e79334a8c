// Times a training step: warm-up first (at least `warmup` steps and `warmupMs` of running, for
// JIT tiering and the allocation of reusable buffers), then the median of the timed steps, which
// resists the noise of a shared machine better than the mean.

export interface StepTiming {
  medianMs: number;
  minMs: number;
  steps: number;
  /** Every timed step, in ms, in the order they ran. */
  times: number[];
}

export interface TimingOptions {
  warmup: number;
  warmupMs?: number;
  steps: number;
  maxMs: number;
}

export async function timeSteps(step: () => unknown | Promise<unknown>, opts: TimingOptions): Promise<StepTiming> {
  const warmEnd = performance.now() + (opts.warmupMs ?? 0);
  for (let i = 0; i < opts.warmup || (performance.now() < warmEnd && i < 200); i++) await step();
  const times: number[] = [];
  const deadline = performance.now() + opts.maxMs;
  while (times.length < opts.steps && (times.length < 3 || performance.now() < deadline)) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], steps: sorted.length, times };
}
