/**
 * The library's DataParallel in this browser, for the browser tests (page hook
 * window.playground.job("threads/data-parallel", params)): trains a small LSTM → FinalHidden →
 * Linear with MSE and SGD from a fixed seed, and reports the losses, the final weights, how each
 * step was split, how many replica workers ran, and the library's warnings. `fault` makes the step
 * fail on purpose, to show the error reaching this caller and the workers staying usable.
 */
import { Generator, type Tensor, tensor } from "@tapegrad/autograd";
import { DataParallel, FinalHidden, LSTM, Linear, Module, SGD, Sequential, type TensorModule } from "@tapegrad/nn";
import { defaultKernels } from "@tapegrad/kernels";
import type { Job } from "./job.ts";
import { Scale } from "./scale-layer.ts";

export interface DataParallelParams {
  /** DataParallel's threads option; omitted: the library's default (getNumThreads()). */
  threads?: number;
  steps?: number;
  seed?: number;
  rows?: number;
  /** "bad-shape": inputs of the wrong width (fails on every shard); "unknown-module": a layer the workers cannot rebuild (fails in the workers only). */
  fault?: "bad-shape" | "unknown-module";
  /** Ends the model with the playground's own Scale layer, its replicas started from scale-replica-worker.js (workerUrl). */
  ownLayer?: boolean;
}

export interface DataParallelRun {
  losses: number[];
  /** Every parameter after the last step, concatenated in parameters() order (float32 values, exact). */
  weights: number[];
  /** Shards each step was split into. */
  shards: number[];
  /** Replica workers running after the steps (DataParallel.workerCount). */
  workers: number;
  /** Each replica worker's WebAssembly memory after the last step: proof a worker computed. */
  workerMemoryBytes: number[];
  /** After each step: this thread's WebAssembly memory and bytes in use, and the first replica's memory (0 without one). */
  memory: { here: number; inUse: number; worker: number }[];
  /** The library's console warnings during the run ("tapegrad: …"). */
  warnings: string[];
  /** Promise rejections nobody handled during the run (a stray worker answer would land here). */
  unhandled: string[];
  /** With `fault`: the error the step rejected with, and whether a good step ran afterwards. */
  failure: { isError: boolean; message: string; recovered: boolean } | null;
}

/** A layer only this thread knows (not registered, so the workers' moduleFromSpec refuses it). */
class PageOnlyDoubler extends Module implements TensorModule {
  protected override moduleConfig() {
    return { type: "PageOnlyDoubler", config: {} };
  }
  forward(t: Tensor): Tensor {
    return t.mul(2);
  }
}

const SEQ = 6, INPUT = 3, HIDDEN = 8, OUTPUT = 2;

function data(seed: number, rows: number, width = INPUT): { x: Tensor; y: Tensor } {
  const x = tensor(Float32Array.from({ length: rows * SEQ * width }, (_, i) => Math.sin(0.7 * i + seed)), { shape: [rows, SEQ, width] });
  const y = tensor(Float32Array.from({ length: rows * OUTPUT }, (_, i) => Math.cos(1.3 * i + seed)), { shape: [rows, OUTPUT] });
  return { x, y };
}

/** The run behind the job (also callable in Node, where the test takes its reference). */
export async function trainWithDataParallel(p: DataParallelParams): Promise<DataParallelRun> {
  const seed = p.seed ?? 1, rows = p.rows ?? 16, steps = p.steps ?? 4;
  const g = new Generator(seed);
  const layers = [new LSTM(INPUT, HIDDEN, { batchFirst: true, generator: g }), new FinalHidden(), new Linear(HIDDEN, OUTPUT, { generator: g }), ...(p.ownLayer ? [new Scale(0.5)] : [])];
  const model = new Sequential(...layers);
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  const parallel = new DataParallel(model, {
    loss: "mse",
    ...(p.threads === undefined ? {} : { threads: p.threads }),
    ...(p.ownLayer ? { workerUrl: new URL("./scale-replica-worker.js", import.meta.url) } : {}),
  });
  const { x, y } = data(seed, rows);
  const out: DataParallelRun = { losses: [], weights: [], shards: [], workers: 0, workerMemoryBytes: [], memory: [], warnings: [], unhandled: [], failure: null };
  try {
    if (p.fault) {
      const bad = p.fault === "bad-shape" ? data(seed, rows, INPUT + 1) : { x, y };
      const odd = p.fault === "unknown-module" ? new DataParallel(new Sequential(model, new PageOnlyDoubler()), { loss: "mse", threads: p.threads ?? 2 }) : parallel;
      try {
        await odd.step(bad.x, bad.y);
        out.failure = { isError: false, message: "no error", recovered: false };
      } catch (e) {
        out.failure = { isError: e instanceof Error, message: e instanceof Error ? e.message : String(e), recovered: false };
      } finally {
        if (odd !== parallel) odd.dispose();
        if (bad.x !== x) for (const t of [bad.x, bad.y]) t.dispose();
      }
    }
    for (let s = 0; s < steps; s++) {
      optimizer.zeroGrad();
      const info = await parallel.step(x, y);
      optimizer.step();
      out.losses.push(info.loss);
      out.shards.push(info.shards);
      out.workerMemoryBytes = info.workerMemoryBytes;
      const k = defaultKernels().stats();
      out.memory.push({ here: k.memoryBytes, inUse: k.bytesInUse, worker: info.workerMemoryBytes[0] ?? 0 });
    }
    if (out.failure) out.failure.recovered = out.losses.length === steps;
    out.workers = parallel.workerCount;
    out.weights = model.parameters().flatMap((t) => Array.from(t.data()));
    return out;
  } finally {
    parallel.dispose();
    for (const t of [x, y, ...model.parameters()]) t.dispose();
  }
}

export const dataParallelJobs: Record<string, Job> = {
  "threads/data-parallel": async (p: DataParallelParams) => {
    // The library warns with console.warn; keep a copy of its lines for the caller.
    const warnings: string[] = [];
    const unhandled: string[] = [];
    const onUnhandled = (e: PromiseRejectionEvent) => unhandled.push(e.reason instanceof Error ? e.reason.message : String(e.reason));
    self.addEventListener("unhandledrejection", onUnhandled);
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      const text = args.map(String).join(" ");
      if (text.startsWith("tapegrad:")) warnings.push(text);
      warn.apply(console, args);
    };
    try {
      const result = await trainWithDataParallel(p);
      await new Promise((r) => setTimeout(r, 20)); // lets a late rejection surface before we look
      return { ...result, warnings, unhandled };
    } finally {
      console.warn = warn;
      self.removeEventListener("unhandledrejection", onUnhandled);
    }
  },
};
