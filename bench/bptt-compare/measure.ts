// Runs both implementations on one problem in the same process: checks their gradients agree,
// then times training steps in interleaved rounds (so drift on a shared machine hits both alike)
// and tracks WebAssembly memory through the kernels' allocator statistics.
import { performance } from "node:perf_hooks";
import { defaultKernels } from "@tapegrad/kernels";
import { RUNNERS, type Impl, type Problem, type StepRunner } from "./runners";

export interface Schedule {
  /** Warm-up steps of each implementation, in turns: at least this many, and at least warmupMs. */
  warmup: number;
  /** V8 optimises a function after enough runs, not enough steps: autograd has many more small JS functions than bptt and needs more steps of a small problem. */
  warmupMs: number;
  rounds: number;
  stepsPerRound: number;
}

export interface ImplResult {
  /** Median milliseconds per training step. */
  medianMs: number;
  /** Fastest and slowest step, for a sense of the spread. */
  minMs: number;
  maxMs: number;
  steps: number;
  /** Loss of the first step (same weights for both). */
  loss: number;
  /** Bytes the implementation keeps between steps: parameters, gradients, inputs, workspaces. */
  residentBytes: number;
  /** Largest extra bytes in use during one step, above what was in use when it began. */
  stepPeakBytes: number;
  /** residentBytes + stepPeakBytes: the most WebAssembly memory this implementation needs. */
  peakBytes: number;
}

export interface PairResult {
  autograd: ImplResult;
  bptt: ImplResult;
  /** autograd median / bptt median. */
  ratio: number;
  /** Worst over parameters of max|g_autograd − g_bptt| / max|g_bptt|, on the first step. */
  gradDiff: number;
  /** The parameter with the worst difference. */
  gradDiffParam: string;
  /** Change in bytes in use and in memory size from after warm-up to after the last timed step. */
  growth: { bytesInUse: number; memoryBytes: number; liveBlocks: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Worst over parameters of max|a − b| / max|b| (normalised by the tensor's largest gradient). */
export function worstGradDiff(a: Record<string, Float64Array>, b: Record<string, Float64Array>): { diff: number; param: string } {
  let diff = 0, param = "";
  for (const [name, ref] of Object.entries(b)) {
    const got = a[name];
    if (!got || got.length !== ref.length) throw new Error(`bench:bptt: gradient ${name}: ${got?.length ?? "none"} values, expected ${ref.length}`);
    let num = 0, den = 0;
    for (let i = 0; i < ref.length; i++) {
      num = Math.max(num, Math.abs(got[i] - ref[i]));
      den = Math.max(den, Math.abs(ref[i]));
    }
    const d = den > 0 ? num / den : num;
    if (!(d <= diff)) { diff = d; param = name; }
  }
  return { diff, param };
}

interface Tracked {
  runner: StepRunner;
  times: number[];
  loss: number;
  residentBytes: number;
  stepPeakBytes: number;
}

/** One step, timed, with the peak bytes it added above the bytes in use at its start. */
function timedStep(t: Tracked): number {
  const k = defaultKernels();
  const before = k.stats().bytesInUse;
  k.resetPeak();
  const start = performance.now();
  t.runner.step(true);
  const ms = performance.now() - start;
  t.stepPeakBytes = Math.max(t.stepPeakBytes, k.stats().peakBytesInUse - before);
  return ms;
}

/** Sets up both implementations on the problem, compares gradients, and times them side by side. */
export function measurePair(problem: Problem, schedule: Schedule): PairResult {
  const k = defaultKernels();
  const impls: Impl[] = ["autograd", "bptt"];
  const tracked = {} as Record<Impl, Tracked>;
  try {
    for (const impl of impls) {
      const before = k.stats().bytesInUse;
      const runner = RUNNERS[impl](problem);
      tracked[impl] = { runner, times: [], loss: 0, residentBytes: 0, stepPeakBytes: 0 };
      // First step without an update: both see the same weights, so their gradients must agree.
      tracked[impl].loss = runner.step(false);
      tracked[impl].residentBytes = k.stats().bytesInUse - before;
    }
    const { diff, param } = worstGradDiff(tracked.autograd.runner.grads(), tracked.bptt.runner.grads());
    // Warm up in turns: the allocator keeps freed blocks per size class, so the second one set up
    // may take blocks the first freed, and the first grows the heap once on its next step.
    const warmStart = performance.now();
    for (let i = 0; i < schedule.warmup || performance.now() - warmStart < 2 * schedule.warmupMs; i++) {
      for (const impl of impls) tracked[impl].runner.step(true);
    }
    const warm = k.stats();
    for (let r = 0; r < schedule.rounds; r++) {
      // Alternate which goes first, so neither always runs right after the other's garbage.
      const order = r % 2 ? [...impls].reverse() : impls;
      for (const impl of order) for (let s = 0; s < schedule.stepsPerRound; s++) tracked[impl].times.push(timedStep(tracked[impl]));
    }
    const after = k.stats();
    const result = (impl: Impl): ImplResult => {
      const t = tracked[impl];
      return {
        medianMs: median(t.times), minMs: Math.min(...t.times), maxMs: Math.max(...t.times), steps: t.times.length,
        loss: t.loss, residentBytes: t.residentBytes, stepPeakBytes: t.stepPeakBytes, peakBytes: t.residentBytes + t.stepPeakBytes,
      };
    };
    const autograd = result("autograd"), bptt = result("bptt");
    return {
      autograd, bptt, ratio: autograd.medianMs / bptt.medianMs, gradDiff: diff, gradDiffParam: param,
      growth: {
        bytesInUse: after.bytesInUse - warm.bytesInUse,
        memoryBytes: after.memoryBytes - warm.memoryBytes,
        liveBlocks: after.liveBlocks - warm.liveBlocks,
      },
    };
  } finally {
    for (const impl of impls) tracked[impl]?.runner.dispose();
  }
}
