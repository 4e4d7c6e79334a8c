// The matmul floor of a task's training step on one thread: the step's matrix products alone, each
// timed on the kernel in this process, summed. No step of that task can be faster on one thread
// with this kernel build, whatever the rest costs; the layer benchmark prints it beside the
// measured steps, so a one-thread target can be checked against what the kernels allow.
//   node --import tsx bench/layers/matmul-floor.ts TASK   (prints one JSON line)
import { createKernels, detectBuild } from "@tapegrad/kernels";
import { GATE_COUNT } from "@tapegrad/kernels";
import { TASKS, type Task } from "./tasks";

interface Product { name: string; m: number; n: number; k: number; transA?: boolean; transB?: boolean; accumulate?: boolean; calls: number }

export interface MatmulFloor {
  build: string;
  gflop: number;
  ms: number;
  gflops: number;
  products: { name: string; calls: number; ms: number; gflops: number }[];
}

/**
 * The products of one training step of tapegrad's layer (rnn/base.ts, cells.ts, linear's backward)
 * for a one-layer, one-direction recurrent net over [B, T, I] with G gates: the input projection
 * of all steps at once, the hidden product per step, and in backward dh per step (none into h0,
 * which needs no gradient), dW_hh per step and dW_ih at once. The input needs no gradient. The
 * Dense(1) head is left out (0.1% of the work).
 */
export function stepProducts(task: Task): Product[] {
  const { batch: B, seq: T, input: I, hidden: H } = task;
  const G = GATE_COUNT[{ lstm: "LSTM", gru: "GRU", rnn: "RNN_TANH" }[task.cell] as keyof typeof GATE_COUNT] * H;
  return [
    { name: "input projection x·W_ihᵀ", m: B * T, n: G, k: I, transB: true, calls: 1 },
    { name: "hidden product h·W_hhᵀ", m: B, n: G, k: H, transB: true, accumulate: true, calls: T },
    { name: "dh = dgates·W_hh", m: B, n: H, k: G, accumulate: true, calls: T - 1 },
    { name: "dW_hh += dgatesᵀ·h", m: G, n: H, k: B, transA: true, accumulate: true, calls: T },
    { name: "dW_ih = dgatesᵀ·x", m: G, n: I, k: B * T, transA: true, calls: 1 },
  ];
}

/** Times every product of the step (median of `repeats` runs of all its calls) and sums them. */
export function measureFloor(task: Task, repeats = 9): MatmulFloor {
  const kernels = createKernels();
  const products = stepProducts(task).map((p) => {
    const a = kernels.alloc(p.m * p.k), b = kernels.alloc(p.k * p.n), c = kernels.alloc(p.m * p.n);
    a.data.fill(0.5), b.data.fill(0.25);
    const run = () => { for (let i = 0; i < p.calls; i++) kernels.matmul(a, b, c, p); };
    for (let i = 0; i < 2; i++) run();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    const ms = times[times.length >> 1];
    const flop = 2 * p.m * p.n * p.k * p.calls;
    for (const t of [a, b, c]) t.free();
    return { name: p.name, calls: p.calls, ms, flop, gflops: flop / ms / 1e6 };
  });
  const ms = products.reduce((s, p) => s + p.ms, 0);
  const gflop = products.reduce((s, p) => s + p.flop, 0) / 1e9;
  return { build: detectBuild(), gflop, ms, gflops: gflop / ms * 1e3, products: products.map(({ flop: _, ...p }) => p) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const task = TASKS.find((t) => t.name === process.argv[2]);
  if (!task) throw new Error(`matmul-floor: unknown task '${process.argv[2]}'; expected one of ${TASKS.map((t) => `'${t.name}'`).join(", ")}`);
  console.log(JSON.stringify(measureFloor(task)));
}
