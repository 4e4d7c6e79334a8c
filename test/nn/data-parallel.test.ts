// DataParallel (issue 13): a training step split over threads by batch rows gives the gradients of
// the whole batch (float64: to 1e-12 of one thread's backward), is bitwise repeatable at a fixed
// thread count, within float32 rounding across thread counts, keeps memory flat, and reports bad
// input and a worker's failure as an Error (test/browser/data-parallel.test.ts: the same in Chromium).
import { Generator, type Tensor, tensor } from "@tapegrad/autograd";
import { defaultKernels } from "@tapegrad/kernels";
import { DataParallel, FinalHidden, Linear, LSTM, Module, mseLoss, Sequential, SGD, type TensorModule } from "@tapegrad/nn";
import { afterAll, describe, expect, it } from "vitest";
import { Halver } from "./support/halver";

type Backend = "wasm" | "js";

function model(backend: Backend): Sequential {
  const g = new Generator(5);
  return new Sequential(new LSTM(3, 8, { batchFirst: true, generator: g, backend }), new FinalHidden(), new Linear(8, 2, { generator: g, backend }));
}

function batch(backend: Backend, rows = 10): { x: Tensor; y: Tensor } {
  const x = tensor(Float64Array.from({ length: rows * 6 * 3 }, (_, i) => Math.sin(0.7 * i)), { shape: [rows, 6, 3], backend });
  const y = tensor(Float64Array.from({ length: rows * 2 }, (_, i) => Math.cos(1.3 * i)), { shape: [rows, 2], backend });
  return { x, y };
}

/** Loss and every parameter's gradient after one step of `run` from fresh weights. */
async function gradsOf(backend: Backend, run: (m: Sequential, x: Tensor, y: Tensor) => Promise<number> | number) {
  const m = model(backend);
  const { x, y } = batch(backend);
  const loss = await run(m, x, y);
  const grads = m.parameters().map((p) => p.grad!.data());
  for (const t of [x, y, ...m.parameters()]) { t.grad?.dispose(); t.dispose(); }
  return { loss, grads };
}

const oneThread = (m: Sequential, x: Tensor, y: Tensor): number => {
  const l = mseLoss(m.forward(x), y);
  l.backward();
  return l.item();
};
const parallel = (threads: number) => async (m: Sequential, x: Tensor, y: Tensor) => {
  const dp = new DataParallel(m, { loss: "mse", threads, minShardRows: 1 });
  try {
    const info = await dp.step(x, y);
    expect(info.shards).toBe(threads);
    return info.loss;
  } finally {
    dp.dispose();
  }
};

describe("DataParallel", () => {
  const workers: DataParallel[] = [];
  afterAll(() => { for (const w of workers) w.dispose(); });

  it("gives the whole batch's loss and gradients (float64, 2 and 3 threads, uneven shards)", async () => {
    const ref = await gradsOf("js", oneThread);
    for (const threads of [2, 3]) {
      const got = await gradsOf("js", parallel(threads));
      expect(Math.abs(got.loss - ref.loss)).toBeLessThan(1e-12);
      got.grads.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - ref.grads[i][j])).toBeLessThan(1e-12)));
    }
  });

  it("is bitwise repeatable at a fixed thread count, and within float32 rounding across counts (wasm)", async () => {
    const a = await gradsOf("wasm", parallel(2)), b = await gradsOf("wasm", parallel(2));
    expect(b.loss).toBe(a.loss);
    b.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(a.grads[i])));
    const one = await gradsOf("wasm", oneThread), three = await gradsOf("wasm", parallel(3));
    for (const other of [one, three]) {
      expect(Math.abs(other.loss - a.loss)).toBeLessThan(1e-6 * Math.abs(a.loss));
      other.grads.forEach((g, i) => {
        const scale = Math.max(...Array.from(a.grads[i], Math.abs));
        g.forEach((v, j) => expect(Math.abs(v - a.grads[i][j])).toBeLessThan(1e-5 * scale));
      });
    }
  });

  it("trains like one thread and keeps WebAssembly memory flat after warm-up, here and in the worker", async () => {
    const m = model("wasm");
    const { x, y } = batch("wasm", 16);
    const opt = new SGD(m.parameters(), { lr: 0.1 });
    const dp = new DataParallel(m, { loss: "mse", threads: 2 });
    workers.push(dp);
    const losses: number[] = [];
    const k = defaultKernels();
    let warm: { here: number; inUse: number; worker: number } | null = null;
    for (let step = 0; step < 12; step++) {
      opt.zeroGrad();
      const info = await dp.step(x, y);
      opt.step();
      losses.push(info.loss);
      const now = { here: k.stats().memoryBytes, inUse: k.stats().bytesInUse, worker: info.workerMemoryBytes[0] };
      if (step === 4) warm = now;
      if (step > 4) expect(now).toEqual(warm);
    }
    expect(losses[11]).toBeLessThan(losses[0]);
  });

  it("its gradient accumulation is an in-place write: a graph that saved a .grad refuses backward afterwards (as add_)", async () => {
    const m = model("js");
    const { x, y } = batch("js");
    oneThread(m, x, y); // every parameter has a .grad now
    const w = m.parameters()[0];
    const probe = tensor(Float64Array.from({ length: w.size }, (_, i) => i % 3), { shape: [...w.shape], backend: "js", requiresGrad: true });
    const uses = probe.mul(w.grad!).sum(); // mul saves w.grad for probe's gradient
    const dp = new DataParallel(m, { loss: "mse", threads: 2, minShardRows: 1 });
    workers.push(dp);
    await dp.step(x, y); // adds the shards' gradients onto w.grad
    expect(() => uses.backward()).toThrow("modified by an inplace operation");
  });

  it("reports bad input and a worker's failure as an Error", async () => {
    const m = model("wasm");
    const { x, y } = batch("wasm");
    expect(() => new DataParallel(m, { loss: "l1" as never })).toThrow(/DataParallel: loss must be one of "mse", "cross-entropy", got "l1"/);
    const dp = new DataParallel(m, { loss: "mse", threads: 2 });
    workers.push(dp);
    await expect(dp.step(x, y.narrow(0, 0, 4))).rejects.toThrow(/DataParallel: x and y must share the batch on axis 0, got x \[10, 6, 3\] and y \[4, 2\]/);
    for (const threads of [0, -1, 2.5, Number.NaN, 1e6]) {
      expect(() => new DataParallel(m, { loss: "mse", threads })).toThrow(`DataParallel: threads must be a whole number from 1 to 256, got number ${threads}`);
    }
    expect(() => new DataParallel(m, { loss: "mse", workerUrl: "./my-worker.js" })).toThrow('DataParallel: workerUrl must be a URL object or an absolute URL string (e.g. new URL("./my-replica-worker.js", import.meta.url)), got string "./my-worker.js"');
    // Input every shard refuses: the calling thread's error, and the worker's answer is awaited
    // (before, its rejection went unhandled); the workers stay usable.
    const wide = tensor(new Float64Array(10 * 6 * 4), { shape: [10, 6, 4], backend: "wasm" });
    await expect(dp.step(wide, y)).rejects.toThrow("LSTM: input.size(-1) must be equal to input_size. Expected 3, got 4");
    expect(dp.workerCount).toBe(1);
    expect((await dp.step(x, y)).shards).toBe(2);
    // A module type the worker cannot rebuild: the worker's error comes back from step().
    class Doubler extends Module implements TensorModule {
      protected override moduleConfig() { return { type: "TestDoubler", config: {} }; }
      forward(t: Tensor): Tensor { return t.mul(2); }
    }
    const odd = new Sequential(model("wasm"), new Doubler());
    const bad = new DataParallel(odd, { loss: "mse", threads: 2 });
    workers.push(bad);
    await expect(bad.step(x, y)).rejects.toThrow(/DataParallel worker 1: moduleFromSpec: .*unknown module type "TestDoubler".*serveReplicas\(\) \(the "workerUrl" option/);
  });

  it("trains a module type of the application's own in replicas from its own worker script (workerUrl)", async () => {
    const run = async (threads: number) => {
      const m = new Sequential(model("wasm"), new Halver());
      const { x, y } = batch("wasm");
      const dp = new DataParallel(m, { loss: "mse", threads, workerUrl: new URL("./support/halver-replica-worker.ts", import.meta.url) });
      try {
        const info = await dp.step(x, y);
        expect(info.shards).toBe(threads);
        return { loss: info.loss, grads: m.parameters().map((p) => Array.from(p.grad!.data())) };
      } finally {
        dp.dispose();
      }
    };
    const two = await run(2), one = await run(1);
    expect(Math.abs(two.loss - one.loss)).toBeLessThan(1e-6 * one.loss);
    two.grads.forEach((g, i) => {
      const scale = Math.max(...one.grads[i].map(Math.abs));
      g.forEach((v, j) => expect(Math.abs(v - one.grads[i][j])).toBeLessThan(1e-5 * scale));
    });
  });
});
