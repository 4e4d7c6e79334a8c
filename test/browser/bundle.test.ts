// "Import it in a browser": bundle the packages as a bundler would for the web (esbuild,
// platform browser, no Node built-ins available) and run the bundle in a fresh JavaScript context
// that has only what a browser page has (no require, process, Buffer or fs). A Node-only import
// or global anywhere in the graph fails here.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "iife",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** Runs a script with a page's globals only; returns what it stored in globalThis.result. */
function runInPageContext(code: string): unknown {
  const page = { console, atob, btoa, performance, TextEncoder, TextDecoder, queueMicrotask, setTimeout, clearTimeout, result: undefined as unknown };
  const context = vm.createContext(page);
  vm.runInContext(code, context);
  expect(vm.runInContext("typeof require + typeof process + typeof Buffer", context)).toBe("undefinedundefinedundefined");
  return page.result;
}

describe("browser bundles", () => {
  it("the kernels load their embedded wasm and compute without Node APIs", async () => {
    const code = await bundle(`
      import { defaultKernels } from "@tapegrad/kernels";
      const k = defaultKernels();
      const a = k.fromArray([1, 2, 3, 4, 5, 6]), b = k.fromArray([1, 0, 0, 1, 1, 1]), c = k.alloc(4);
      k.matmul(a, b, c, { m: 2, n: 2, k: 3 });
      globalThis.result = { build: k.build, c: Array.from(c.data) };
    `);
    expect(runInPageContext(code)).toEqual({ build: "simd", c: [4, 5, 10, 11] });
  });

  it("autograd trains a step in the page context", async () => {
    const code = await bundle(`
      import { tensor, scope } from "@tapegrad/autograd";
      const w = tensor([[0.5, 0.25]], { requiresGrad: true });
      const x = tensor([[1], [2]]);
      const loss = scope(() => {
        const l = w.matmul(x).tanh().square().sum();
        l.backward();
        return l.item();
      });
      globalThis.result = { loss, grad: Array.from(w.grad.data()) };
    `);
    const { loss, grad } = runInPageContext(code) as { loss: number; grad: number[] };
    // By hand: z = 0.5·1 + 0.25·2 = 1, loss = tanh²(1), dloss/dw = 2·tanh(1)·(1 − tanh²(1))·xᵀ.
    const t = Math.tanh(1);
    expect(loss).toBeCloseTo(t * t, 6);
    expect(grad[0]).toBeCloseTo(2 * t * (1 - t * t), 6);
    expect(grad[1]).toBeCloseTo(4 * t * (1 - t * t), 6);
  });

  it("nn runs an LSTM and round-trips checkpoint bytes; path-based saving explains itself", async () => {
    const code = await bundle(`
      import { Generator, tensor } from "@tapegrad/autograd";
      import { LSTM, checkpointBytes, loadCheckpointBytes, saveCheckpoint } from "@tapegrad/nn";
      const a = new LSTM(3, 4, { generator: new Generator(1) });
      const b = new LSTM(3, 4, { generator: new Generator(2) });
      const x = tensor(Array.from({ length: 2 * 1 * 3 }, (_, i) => Math.sin(i)), { shape: [2, 1, 3] });
      loadCheckpointBytes(b, checkpointBytes(a));
      let saveError = "";
      try { saveCheckpoint(a, "model.safetensors"); } catch (e) { saveError = e.message; }
      globalThis.result = {
        same: Array.from(a.forward(x).output.data()).join() === Array.from(b.forward(x).output.data()).join(),
        saveError,
      };
    `);
    expect(code).not.toContain("node:fs");
    const { same, saveError } = runInPageContext(code) as { same: boolean; saveError: string };
    expect(same).toBe(true);
    expect(saveError).toContain("writeFileAtomic(model.safetensors): needs a file system (Node). In a browser, use checkpointBytes(module)");
    // The ONNX exporter (onnx-proto, protobufjs) is left out of a bundle that does not use it.
    expect(code).not.toContain("protobuf");
  });

  it("the ONNX exporter runs in the page; the file variant explains itself", async () => {
    const code = await bundle(`
      import { Generator } from "@tapegrad/autograd";
      import { GRU, FinalHidden, Linear, Sequential } from "@tapegrad/nn";
      import { exportOnnx, exportOnnxFile } from "@tapegrad/nn/onnx";
      const g = new Generator(1);
      const model = new Sequential(new GRU(3, 4, { generator: g, batchFirst: true }), new FinalHidden(), new Linear(4, 1, { generator: g }));
      const bytes = exportOnnx(model, { inputShape: [1, 5, 3] });
      let fileError = "";
      try { exportOnnxFile(model, "model.onnx", { inputShape: [1, 5, 3] }); } catch (e) { fileError = e.message; }
      globalThis.result = { isBytes: bytes instanceof Uint8Array, head: Array.from(bytes.subarray(0, 2)), producer: new TextDecoder().decode(bytes).includes("tapegrad"), fileError };
    `);
    const r = runInPageContext(code) as { isBytes: boolean; head: number[]; producer: boolean; fileError: string };
    // A ModelProto starts with field 1 (ir_version, varint) = 8.
    expect(r).toEqual({ isBytes: true, head: [8, 8], producer: true, fileError: "exportOnnxFile(model.onnx): needs a file system (Node). In a browser, use exportOnnx(model, opts), which returns the bytes" });
  });
});
