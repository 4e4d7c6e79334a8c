// Times a training step: warm-up steps first (JIT, allocation of reusable buffers), then the
// median of the timed steps, which resists the noise of a shared machine better than the mean.

export interface StepTiming {
  medianMs: number;
  minMs: number;
  steps: number;
}

export async function timeSteps(step: () => unknown | Promise<unknown>, opts: { warmup: number; steps: number; maxMs: number }): Promise<StepTiming> {
  for (let i = 0; i < opts.warmup; i++) await step();
  const times: number[] = [];
  const deadline = performance.now() + opts.maxMs;
  while (times.length < opts.steps && (times.length < 3 || performance.now() < deadline)) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], steps: times.length };
}
