/**
 * "Speed in this engine": the kernel benchmark's quick cases (bench/lib/cases.ts, tapegrad's
 * build only) and the layer benchmark's training tasks (bench/layers), timed the same way in a
 * browser worker or in Node, so the two can be compared in one session (compare.ts).
 * Kernels: each case runs repeatedly for `roundMs`, best of `rounds` rounds (a shared machine
 * only ever slows a round down). Layers: bench/layers' timeSteps (warm-up, then the median step).
 */
import { type Kernels, createKernels, defaultKernels } from "@tapegrad/kernels";
import { allCases } from "../../../bench/lib/cases.ts";
import type { Tf } from "../../../bench/lib/tfjs.ts";
import { tapegradTrainer } from "../../../bench/layers/tapegrad.ts";
import { TASKS } from "../../../bench/layers/tasks.ts";
import { timeSteps } from "../../../bench/layers/timing.ts";

export interface KernelFigure {
  kernel: string;
  size: string;
  unit: "GFLOP/s" | "ns/elem";
  value: number;
}

export interface LayerFigure {
  task: string;
  medianMs: number;
  minMs: number;
  steps: number;
}

export interface SpeedOptions {
  roundMs: number;
  rounds: number;
  /** Layer tasks by name (bench/layers/tasks.ts); the large LSTM takes ~0.1-0.3 s a step. */
  tasks: string[];
  layerSteps: number;
  warmupMs: number;
}

export const DEFAULT_SPEED: Readonly<SpeedOptions> = { roundMs: 150, rounds: 3, tasks: ["LSTM small", "GRU small", "SimpleRNN small", "LSTM large"], layerSteps: 12, warmupMs: 300 };

/** The kernel build this engine runs (relaxed SIMD, SIMD128 or scalar). */
export const kernelBuild = (): string => defaultKernels().build;

/** Times the kernel benchmark's quick cases; `between` runs after each case (progress, pause). */
export async function kernelFigures(o: SpeedOptions, between: (f: KernelFigure) => Promise<void> | void = () => {}): Promise<KernelFigure[]> {
  const out: KernelFigure[] = [];
  for (const c of allCases().filter((c) => c.quick)) {
    const prepare = c.prepare.tapegrad;
    if (typeof prepare === "string") continue;
    const runner = prepare(undefined as unknown as Tf); // tapegrad's runner does not use tfjs
    let best = Infinity;
    try {
      runner.run(); // first call: page in, JIT
      for (let r = 0; r < o.rounds; r++) {
        let calls = 0;
        const t0 = performance.now();
        let elapsed = 0;
        while (elapsed < o.roundMs) {
          runner.run();
          calls++;
          elapsed = performance.now() - t0;
        }
        best = Math.min(best, elapsed / calls);
      }
    } finally {
      runner.dispose();
    }
    const value = c.unit === "GFLOP/s" ? c.work / (best * 1e6) : (best * 1e6) / c.work;
    const figure: KernelFigure = { kernel: c.kernel, size: c.size, unit: c.unit, value };
    out.push(figure);
    await between(figure);
  }
  return out;
}

/**
 * matmul NN n×n×n on `k` (a multi-threaded instance) against one thread of the same build, same
 * data, best of `rounds`; also checks the two products are equal (the row split keeps each
 * element's summation order, so they must match exactly).
 */
export async function threadedMatmulFigure(k: Kernels, n: number, o: SpeedOptions): Promise<{ size: string; threads: number; oneThread: number; threaded: number; identical: boolean }> {
  await k.whenThreadsReady();
  const values = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
  const one = createKernels({ build: k.build });
  const time = (kk: Kernels) => {
    const a = kk.fromArray(values);
    const c = kk.alloc(n * n);
    const run = () => kk.matmul(a, a, c, { m: n, n, k: n });
    run();
    let best = Infinity;
    for (let r = 0; r < o.rounds; r++) {
      let calls = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < o.roundMs) {
        run();
        calls++;
      }
      best = Math.min(best, (performance.now() - t0) / calls);
    }
    const result = c.data.slice();
    a.free();
    c.free();
    return { gflops: (2 * n * n * n) / (best * 1e6), result };
  };
  const single = time(one);
  const multi = time(k);
  one.stopThreads();
  return { size: String(n), threads: k.threads, oneThread: single.gflops, threaded: multi.gflops, identical: single.result.every((v, i) => v === multi.result[i]) };
}

/** Times one training step of each chosen layer-benchmark task. */
export async function layerFigures(o: SpeedOptions, between: (f: LayerFigure) => Promise<void> | void = () => {}): Promise<LayerFigure[]> {
  const out: LayerFigure[] = [];
  for (const name of o.tasks) {
    const task = TASKS.find((t) => t.name === name);
    if (!task) throw new Error(`speed: unknown layer task "${name}"; known: ${TASKS.map((t) => t.name).join(", ")}`);
    const trainer = tapegradTrainer(task);
    const t = await timeSteps(trainer.step, { warmup: 3, warmupMs: o.warmupMs, steps: o.layerSteps, maxMs: 20_000 });
    const figure: LayerFigure = { task: name, medianMs: t.medianMs, minMs: t.minMs, steps: t.steps };
    out.push(figure);
    await between(figure);
  }
  return out;
}
