// exportOnnx: every exported model runs in ONNX Runtime (onnxruntime-node) and matches tapegrad's
// own forward in float32, for each layer kind and option; dynamic axes take other sizes; an
// unsupported module is refused by name.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Generator, randn, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { maxAbsDiff } from "../../../test/support/compare";
import { type Feed, runOnnx } from "../../../test/support/onnx-runtime";
import {
  Dropout, Embedding, LayerNorm, FinalHidden, Flatten, GRU, Linear, LSTM, Module, ReLU, RNN, type RNNBase, SequenceOutput, Sequential, Sigmoid, Tanh, GELU, moduleFromSpec,
} from "../src/index";
import { exportOnnx, exportOnnxFile, readOnnxMetadata } from "../src/onnx/index";

const TOL = 2e-5;
const gen = (seed: number) => ({ generator: new Generator(seed) });
const floats = (t: Tensor): Feed => ({ data: Float32Array.from(t.data()), dims: [...t.shape] });

type Kind = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";
function recurrent(kind: Kind, opts: { numLayers?: number; bidirectional?: boolean; batchFirst?: boolean; bias?: boolean }, seed: number): RNNBase {
  const o = { ...gen(seed), ...opts };
  if (kind === "LSTM") return new LSTM(3, 4, o);
  if (kind === "GRU") return new GRU(3, 4, o);
  return new RNN(3, 4, { ...o, nonlinearity: kind === "RNN_RELU" ? "relu" : "tanh" });
}

const OPTION_SETS = [
  { name: "one layer", opts: {} },
  { name: "two layers, bidirectional, batch-first", opts: { numLayers: 2, bidirectional: true, batchFirst: true } },
  { name: "two layers without bias", opts: { numLayers: 2, bias: false } },
  { name: "bidirectional, sequence-first", opts: { bidirectional: true } },
];

describe("exportOnnx: recurrent layers in ONNX Runtime", () => {
  for (const kind of ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"] as const) {
    for (const { name, opts } of OPTION_SETS) {
      it(`${kind}, ${name}: output, h_n${kind === "LSTM" ? ", c_n" : ""} match; batch and sequence stay dynamic`, async () => {
        const layer = recurrent(kind, opts, 1);
        const bf = layer.batchFirst;
        const exportShape = bf ? [2, 5, 3] : [5, 2, 3];
        const bytes = exportOnnx(layer, { inputShape: exportShape });
        for (const [B, T] of [[2, 5], [3, 8], [1, 1]]) {
          const x = randn(bf ? [B, T, 3] : [T, B, 3], gen(B * 10 + T));
          const want = (layer as LSTM).forward(x);
          const got = await runOnnx(bytes, { input: floats(x) });
          expect(got.output.dims).toEqual([...want.output.shape]);
          expect(maxAbsDiff(got.output.data, want.output.data())).toBeLessThan(TOL);
          expect(got.h_n.dims).toEqual([...want.hN.shape]);
          expect(maxAbsDiff(got.h_n.data, want.hN.data())).toBeLessThan(TOL);
          if (kind === "LSTM") expect(maxAbsDiff(got.c_n.data, want.cN.data())).toBeLessThan(TOL);
          else expect(got.c_n).toBeUndefined();
        }
      });
    }

    it(`${kind}: lengths (ONNX sequence_lens) and initial states, bidirectional, batch-first`, async () => {
      const layer = recurrent(kind, { numLayers: 2, bidirectional: true, batchFirst: true }, 2);
      const bytes = exportOnnx(layer, { inputShape: [3, 6, 3], lengths: true, initialState: true });
      const x = randn([3, 6, 3], gen(3));
      const lengths = [6, 2, 4];
      const h0 = randn([4, 3, 4], gen(4));
      const c0 = randn([4, 3, 4], gen(5));
      const want = (layer as LSTM).forward(x, { lengths, h0, ...(kind === "LSTM" ? { c0 } : {}) });
      const feeds: Record<string, Feed> = { input: floats(x), lengths: { data: Int32Array.from(lengths), dims: [3] }, h0: floats(h0) };
      if (kind === "LSTM") feeds.c0 = floats(c0);
      const got = await runOnnx(bytes, feeds);
      // Padded steps: zero output rows in both, states from each sequence's own last step.
      expect(maxAbsDiff(got.output.data, want.output.data())).toBeLessThan(TOL);
      expect(maxAbsDiff(got.h_n.data, want.hN.data())).toBeLessThan(TOL);
      if (kind === "LSTM") expect(maxAbsDiff(got.c_n.data, want.cN.data())).toBeLessThan(TOL);
    });
  }
});

describe("exportOnnx: models built from modules", () => {
  it("Embedding → bidirectional LSTM → SequenceOutput → Linear, ReLU, Dropout, Linear, Tanh: per-step outputs for int64 ids", async () => {
    const model = new Sequential({
      embed: new Embedding(10, 3, gen(6)),
      rnn: new LSTM(3, 4, { ...gen(7), bidirectional: true, batchFirst: true }),
      steps: new SequenceOutput(),
      head: new Sequential(new Linear(8, 5, gen(8)), new ReLU(), new Dropout(0.5), new Linear(5, 2, gen(9)), new Tanh()),
    }).eval();
    const bytes = exportOnnx(model, { inputShape: [2, 4] });
    for (const ids of [[[1, 2, 3, 4], [5, 6, 7, 8]], [[9, 0, 1, 2, 3, 4, 5]]]) {
      const want = model.forward(ids);
      const got = await runOnnx(bytes, { ids: { data: BigInt64Array.from(ids.flat().map(BigInt)), dims: [ids.length, ids[0].length] } });
      expect(got.output.dims).toEqual([...want.shape]);
      expect(maxAbsDiff(got.output.data, want.data())).toBeLessThan(TOL);
    }
  });

  it("Embedding with paddingIdx → LSTM → SequenceOutput → LayerNorm (with and without affine) → Linear", async () => {
    const norm = new LayerNorm(4);
    norm.loadStateDict({ weight: randn([4], gen(20)), bias: randn([4], gen(21)) }); // not the identity init
    const model = new Sequential(
      new Embedding(6, 3, { ...gen(19), paddingIdx: 0 }),
      new LSTM(3, 4, { ...gen(22), batchFirst: true }),
      new SequenceOutput(),
      norm,
      new LayerNorm([4], { elementwiseAffine: false, eps: 0.1 }),
      new Linear(4, 2, gen(23)),
    );
    const ids = [[0, 1, 2, 0], [3, 4, 5, 0]];
    const got = await runOnnx(exportOnnx(model, { inputShape: [2, 4] }), { ids: { data: BigInt64Array.from(ids.flat().map(BigInt)), dims: [2, 4] } });
    expect(maxAbsDiff(got.output.data, model.forward(ids).data())).toBeLessThan(TOL);
    const twoDims = new Sequential(new LayerNorm([3, 4], gen(24)), new Tanh());
    const x = randn([5, 3, 4], gen(25));
    const out = await runOnnx(exportOnnx(twoDims, { inputShape: [1, 3, 4] }), { input: floats(x) });
    expect(maxAbsDiff(out.output.data, twoDims.forward(x).data())).toBeLessThan(TOL);
  });

  it("GRU (2 layers, bidirectional) → FinalHidden → Linear → Sigmoid → Flatten(0): one value per sequence", async () => {
    const model = new Sequential(
      new GRU(3, 4, { ...gen(10), numLayers: 2, bidirectional: true }),
      new FinalHidden(),
      new Sequential(new Linear(8, 1, gen(11)), new Sigmoid()),
      new Flatten(0),
    );
    const bytes = exportOnnx(model, { inputShape: [5, 2, 3] });
    for (const [T, B] of [[5, 2], [9, 4]]) {
      const x = randn([T, B, 3], gen(T + B));
      const want = model.forward(x);
      const got = await runOnnx(bytes, { input: floats(x) });
      expect(got.output.dims).toEqual([B]);
      expect(maxAbsDiff(got.output.data, want.data())).toBeLessThan(TOL);
    }
  });

  it("Flatten of inner and trailing dims, static or dynamic; a plain MLP", async () => {
    const wrong = new Sequential(new Flatten(1, 2), new Linear(12, 3, gen(12)));
    expect(() => wrong.forward(randn([2, 3, 4, 5]))).toThrow(/Linear: input \[2, 12, 5\]: expected last dimension 12, got 5/);
    expect(() => exportOnnx(wrong, { inputShape: [2, 3, 4, 5] })).toThrow("exportOnnx: model.1 (Linear): input has 5 features in its last dimension, the layer expects 12");
    const mlp = new Sequential(new Flatten(2, 3), new Linear(20, 3, gen(13)), new ReLU(), new Flatten());
    const x = randn([6, 3, 4, 5], gen(14));
    const got = await runOnnx(exportOnnx(mlp, { inputShape: [2, 3, 4, 5] }), { input: floats(x) });
    expect(got.output.dims).toEqual([6, 9]);
    expect(maxAbsDiff(got.output.data, mlp.forward(x).data())).toBeLessThan(TOL);
    // Dynamic axes on both sides of the merged block: read from the input's shape at run time.
    const squash = new Sequential(new Flatten(1, 2), new Tanh());
    const bytes = exportOnnx(squash, { inputShape: [2, 3, 4, 5], dynamicAxes: { 0: "batch", 3: "width" } });
    const y = randn([3, 3, 4, 7], gen(15));
    const out = await runOnnx(bytes, { input: floats(y) });
    expect(out.output.dims).toEqual([3, 12, 7]);
    expect(maxAbsDiff(out.output.data, squash.forward(y).data())).toBeLessThan(TOL);
    const seqMerge = new Sequential(new Flatten(0, 1), new Linear(5, 2, gen(16)));
    const z = randn([4, 6, 5], gen(17));
    const merged = await runOnnx(exportOnnx(seqMerge, { inputShape: [2, 3, 5], dynamicAxes: { 0: "batch", 1: "sequence" } }), { input: floats(z) });
    expect(merged.output.dims).toEqual([24, 2]);
    expect(maxAbsDiff(merged.output.data, seqMerge.forward(z).data())).toBeLessThan(TOL);
  });

  it("GELU, exact and tanh-approximated (written out with Erf / Tanh: opsets 14–15 have no Gelu), and its model description", async () => {
    for (const approximate of ["none", "tanh"] as const) {
      const model = new Sequential(new Linear(4, 6, gen(30)), new GELU({ approximate }), new Linear(6, 2, gen(31)));
      const x = randn([5, 4], gen(32)).mul(3);
      const got = await runOnnx(exportOnnx(model, { inputShape: [1, 4] }), { input: floats(x) });
      expect(maxAbsDiff(got.output.data, model.forward(x).data())).toBeLessThan(TOL);
      const rebuilt = moduleFromSpec(model.describe()) as Sequential;
      expect((rebuilt.layers[1] as GELU).approximate).toBe(approximate);
      expect(model.toString()).toContain(`(1): GELU(approximate=${approximate})`);
    }
    expect(() => new GELU({ approximate: "fast" } as never)).toThrow('GELU: approximate argument must be either none or tanh, got "fast"');
  });

  it("stores metadata and the model description in metadata_props", () => {
    const model = new Sequential(new Linear(3, 2, gen(18)));
    const meta = readOnnxMetadata(exportOnnx(model, { inputShape: [1, 3], metadata: { mean: "[1, 2]" } }));
    expect(meta.mean).toBe("[1, 2]");
    expect(JSON.parse(meta["tapegrad.model"])).toEqual({ format: "tapegrad-model/1", model: model.describe() });
    expect(() => readOnnxMetadata(new Uint8Array([255, 255, 255]))).toThrow(/readOnnxMetadata: not an ONNX model/);
  });

  it("exportOnnxFile writes the same bytes", async () => {
    const model = new Sequential(new Linear(3, 2, gen(15)));
    const path = join(mkdtempSync(join(tmpdir(), "tapegrad-onnx-")), "model.onnx");
    exportOnnxFile(model, path, { inputShape: [1, 3] });
    expect(new Uint8Array(readFileSync(path))).toEqual(exportOnnx(model, { inputShape: [1, 3] }));
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    const got = await runOnnx(readFileSync(path), { input: floats(x) });
    expect(maxAbsDiff(got.output.data, model.forward(x).data())).toBeLessThan(TOL);
  });
});

describe("exportOnnx: what it refuses", () => {
  it("names an unsupported module and lists what is supported", () => {
    class Scale extends Module {
      forward(x: Tensor): Tensor {
        return x.mul(2);
      }
    }
    const model = new Sequential({ body: new Linear(3, 3, gen(16)), scale: new Scale() });
    expect(() => exportOnnx(model, { inputShape: [1, 3] })).toThrow(
      "exportOnnx: model.scale (Scale) is not supported; the exporter handles Sequential, Linear, Embedding, Dropout, ReLU, Tanh, Sigmoid, GELU, Flatten, LayerNorm, RNN, LSTM, GRU, FinalHidden, SequenceOutput.",
    );
    class MyLinear extends Linear {
      override forward(x: Tensor): Tensor {
        return super.forward(x).relu();
      }
    }
    expect(() => exportOnnx(new MyLinear(3, 3), { inputShape: [1, 3] })).toThrow(/model \(MyLinear\) is not supported/);
    expect(() => exportOnnx(new LSTM(3, 4, { projSize: 2 }), { inputShape: [5, 1, 3] })).toThrow(
      "exportOnnx: model (LSTM with projSize 2) is not supported: ONNX's LSTM operator has no output projection (PyTorch's proj_size)",
    );
    class PeepholeLSTM extends LSTM {}
    expect(() => exportOnnx(new PeepholeLSTM(3, 4), { inputShape: [5, 1, 3] })).toThrow(/model \(PeepholeLSTM\) is not supported/);
    expect(() => exportOnnx(new Sequential(new PeepholeLSTM(3, 4), new FinalHidden()), { inputShape: [5, 1, 3] })).toThrow(/model\.0 \(PeepholeLSTM\) is not supported/);
  });

  it("checks shapes, options and the model's end", () => {
    expect(() => exportOnnx(new Linear(3, 2), { inputShape: [1, 4] })).toThrow("exportOnnx: model (Linear): input has 4 features in its last dimension, the layer expects 3");
    expect(() => exportOnnx(new Linear(3, 2), { inputShape: [] })).toThrow('exportOnnx: option "inputShape" must be a list of positive integers (e.g. [1, 14, 6]), got an array of 0');
    expect(() => exportOnnx(new Linear(3, 2), { inputShape: [1, 3], dynamic_axes: { 0: "batch" } } as never)).toThrow(/exportOnnx: unknown option "dynamic_axes" \(did you mean "dynamicAxes"\?\)/);
    expect(() => exportOnnx(new Linear(3, 2), { inputShape: [1, 3], opset: 17 })).toThrow('exportOnnx: option "opset" must be 14 or 15, got number 17');
    expect(() => exportOnnx(new Linear(3, 2), {} as never)).toThrow("exportOnnx: option inputShape is required");
    expect(() => exportOnnx(new Linear(3, 2), { inputShape: [1, 3], dynamicAxes: { 2: "x" } })).toThrow(/axis 2 → "x" does not fit an input of rank 2/);
    expect(() => exportOnnx(new Sequential(new LSTM(3, 4)), { inputShape: [5, 1, 3] })).toThrow(/end it with FinalHidden\(\) or SequenceOutput\(\)/);
    expect(() => exportOnnx(new Sequential(new LSTM(3, 4), new Linear(4, 1)), { inputShape: [5, 1, 3] })).toThrow(/model\.1 \(Linear\) takes a tensor, but gets a recurrent layer's/);
    expect(() => exportOnnx(new Sequential(new Linear(3, 3)), { inputShape: [1, 3], lengths: true })).toThrow(/lengths and initialState apply to a recurrent layer exported on its own/);
    expect(() => exportOnnx(new LSTM(3, 4), { inputShape: [5, 3] })).toThrow(/expected a 3-D input \[seq, batch, 3\], got rank 2/);
  });
});
