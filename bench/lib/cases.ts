// What the kernel benchmark measures: each case is one kernel at one size, runnable by all three
// implementations (tapegrad's wasm build, its TypeScript twin, tfjs-backend-wasm) on the same data.
import { defaultKernels, twins, type F32Buffer } from "@tapegrad/kernels";
import type { Tf, TfTensor } from "./tfjs";

export const IMPLS = ["tapegrad", "twin", "tfjs"] as const;
export type Impl = (typeof IMPLS)[number];

/** One implementation set up on one case's data; `run` is the timed call. */
export interface Runner {
  run(): void;
  /** Runs once more and returns a copy of the result, to check the implementations agree. */
  result(): Float32Array;
  dispose(): void;
}

export type Unit = "GFLOP/s" | "ns/elem";

export interface Case {
  kernel: string;
  size: string;
  unit: Unit;
  /** Floating-point operations (matmul) or elements (the rest) per call. */
  work: number;
  /** Part of the short run. */
  quick: boolean;
  /** Builds a runner, or says why this implementation is not measured here. */
  prepare: Record<Impl, ((tf: Tf) => Runner) | string>;
}

/** Uniform values in [lo, hi) from a fixed seed, so every run times the same data. */
function randomF32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
}

// The O(n³) twin takes seconds a call from here on; its speed is known from the smaller sizes.
const TWIN_MATMUL_LIMIT = 512;

function tapegradRunner(inputs: Float32Array[], outLength: number, call: (out: F32Buffer, ins: F32Buffer[]) => void): Runner {
  const k = defaultKernels();
  const ins = inputs.map((x) => k.fromArray(x));
  const out = k.alloc(outLength);
  return {
    run: () => call(out, ins),
    result: () => (call(out, ins), out.data.slice()),
    dispose: () => { for (const b of [...ins, out]) b.free(); },
  };
}

function twinRunner(outLength: number, call: (out: Float32Array) => void): Runner {
  const out = new Float32Array(outLength);
  return { run: () => call(out), result: () => (call(out), out.slice()), dispose: () => {} };
}

// tfjs inputs are made once, outside the timed loop; each call's output is disposed inside it.
function tfjsRunner(tf: Tf, inputs: [Float32Array, number[]][], call: (ins: TfTensor[]) => TfTensor): Runner {
  const ins = inputs.map(([values, shape]) => tf.tensor(values, shape));
  return {
    run: () => call(ins).dispose(),
    result: () => {
      const t = call(ins);
      const values = t.dataSync().slice();
      t.dispose();
      return values;
    },
    dispose: () => { for (const t of ins) t.dispose(); },
  };
}

function matmulCase(kernel: string, size: string, m: number, n: number, k: number,
  transA: boolean, transB: boolean, quick: boolean): Case {
  const aShape = transA ? [k, m] : [m, k];
  const bShape = transB ? [n, k] : [k, n];
  const a = randomF32(m * k, m * 31 + k), b = randomF32(k * n, n * 17 + k);
  const dims = { m, n, k, transA, transB };
  return {
    kernel, size, unit: "GFLOP/s", work: 2 * m * n * k, quick,
    prepare: {
      tapegrad: () => tapegradRunner([a, b], m * n, (c, [x, y]) => defaultKernels().matmul(x, y, c, dims)),
      twin: Math.max(m, n, k) >= TWIN_MATMUL_LIMIT
        ? `skipped (O(n³) twin, n ≥ ${TWIN_MATMUL_LIMIT})`
        : () => twinRunner(m * n, (c) => twins.matmul(a, b, c, dims)),
      tfjs: (tf) => tfjsRunner(tf, [[a, aShape], [b, bShape]], ([x, y]) => tf.matMul(x, y, transA, transB)),
    },
  };
}

function unaryCase(op: "tanh" | "sigmoid", n: number, quick: boolean): Case {
  // [-4, 4] reaches both the polynomial and the exp branch of tanh, and sigmoid's saturation.
  const x = randomF32(n, n + (op === "tanh" ? 1 : 2), -4, 4);
  return {
    kernel: op, size: n.toLocaleString("en-US"), unit: "ns/elem", work: n, quick,
    prepare: {
      tapegrad: () => tapegradRunner([x], n, (out, [xb]) => defaultKernels()[op](out, xb)),
      twin: () => twinRunner(n, (out) => twins.unary(op, out, x)),
      tfjs: (tf) => tfjsRunner(tf, [[x, [n]]], ([xt]) => tf[op](xt)),
    },
  };
}

function addCase(rows: number, cols: number, bias: boolean, quick: boolean): Case {
  const aShape = [rows, cols], bShape = bias ? [cols] : [rows, cols];
  const a = randomF32(rows * cols, rows + cols), b = randomF32(bShape[0] * (bShape[1] ?? 1), cols);
  const shapes = { aShape, bShape };
  const n = rows * cols;
  return {
    kernel: bias ? "add bias row" : "add", size: `${rows}×${cols}`, unit: "ns/elem", work: n, quick,
    prepare: {
      tapegrad: () => tapegradRunner([a, b], n, (out, [x, y]) => defaultKernels().add(out, x, y, shapes)),
      twin: () => twinRunner(n, (out) => twins.binary("add", out, a, b, shapes)),
      tfjs: (tf) => tfjsRunner(tf, [[a, aShape], [b, bShape]], ([x, y]) => tf.add(x, y)),
    },
  };
}

/** Every case of the full run, in table order; `quick` marks the short run's subset. */
export function allCases(): Case[] {
  const cases: Case[] = [];
  const variants = [["NN", false, false], ["NT", false, true], ["TN", true, false]] as const;
  for (const [label, transA, transB] of variants) {
    for (const s of [32, 64, 128, 256, 512, 1024]) {
      const quick = s === 64 || s === 256 || (s === 512 && label === "NN");
      cases.push(matmulCase(`matmul ${label}`, String(s), s, s, s, transA, transB, quick));
    }
  }
  // A recurrent layer's three products per step: forward X·W, then dW = Xᵀ·dY and dX = dY·Wᵀ.
  for (const [batch, inputs, hidden] of [[32, 72, 256], [64, 160, 512]] as const) {
    const quick = batch === 32;
    cases.push(matmulCase("rnn X·W (NN)", `${batch}×${inputs}·${inputs}×${hidden}`, batch, hidden, inputs, false, false, quick));
    cases.push(matmulCase("rnn dW=Xᵀ·dY (TN)", `${inputs}×${batch}·${batch}×${hidden}`, inputs, hidden, batch, true, false, quick));
    cases.push(matmulCase("rnn dX=dY·Wᵀ (NT)", `${batch}×${hidden}·${hidden}×${inputs}`, batch, inputs, hidden, false, true, quick));
  }
  for (const op of ["tanh", "sigmoid"] as const) {
    cases.push(unaryCase(op, 2048, false));
    cases.push(unaryCase(op, 1_000_000, true));
  }
  for (const bias of [false, true]) {
    cases.push(addCase(8, 256, bias, false));
    cases.push(addCase(1000, 1000, bias, true));
  }
  return cases;
}
