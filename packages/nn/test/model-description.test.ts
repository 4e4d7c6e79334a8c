// Model descriptions in checkpoints: describe() records type, config and named children; loadModel
// rebuilds the same module from a file alone; bad descriptions and unknown types fail by name.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Generator, randn, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  checkpointBytes, Dropout, Embedding, FinalHidden, Flatten, GRU, GRUCell, Linear, loadModel, loadModelBytes, LSTM, LSTMCell, Module,
  MODEL_FORMAT, parseSafetensors, registerModuleType, ReLU, RNN, RNNCell, saveCheckpoint, SequenceOutput, Sequential, serializeSafetensors,
  Sigmoid, Tanh,
} from "../src/index";

const dir = mkdtempSync(join(tmpdir(), "tapegrad-model-"));
const js = (seed: number) => ({ backend: "js" as const, generator: new Generator(seed) });

/** A char-classifier shape: every kind of child, nested and named. */
function classifier(): Sequential {
  return new Sequential({
    embed: new Embedding(11, 4, js(1)),
    rnn: new GRU(4, 5, { ...js(2), numLayers: 2, bidirectional: true, batchFirst: true, dropout: 0.25 }),
    last: new FinalHidden(),
    head: new Sequential(new Linear(10, 6, js(3)), new ReLU(), new Dropout(0.1), new Linear(6, 3, { ...js(4), bias: false }), new Tanh()),
  });
}

function expectSameForward(a: Module & { forward(x: never): Tensor }, b: Module & { forward(x: never): Tensor }, x: unknown): void {
  const ya = a.eval().forward(x as never);
  const yb = b.eval().forward(x as never);
  expect(yb.shape).toEqual(ya.shape);
  expect(Array.from(yb.data())).toEqual(Array.from(ya.data()));
}

describe("Module.describe()", () => {
  it("records types, configs (PyTorch's keyword arguments in camelCase) and named children in order", () => {
    expect(classifier().describe()).toEqual({
      type: "Sequential",
      config: {},
      children: [
        { name: "embed", type: "Embedding", config: { numEmbeddings: 11, embeddingDim: 4 }, children: [] },
        {
          name: "rnn", type: "GRU", children: [],
          config: { inputSize: 4, hiddenSize: 5, numLayers: 2, bias: true, batchFirst: true, dropout: 0.25, bidirectional: true },
        },
        { name: "last", type: "FinalHidden", config: {}, children: [] },
        {
          name: "head", type: "Sequential", config: {},
          children: [
            { name: "0", type: "Linear", config: { inFeatures: 10, outFeatures: 6, bias: true }, children: [] },
            { name: "1", type: "ReLU", config: {}, children: [] },
            { name: "2", type: "Dropout", config: { p: 0.1 }, children: [] },
            { name: "3", type: "Linear", config: { inFeatures: 6, outFeatures: 3, bias: false }, children: [] },
            { name: "4", type: "Tanh", config: {}, children: [] },
          ],
        },
      ],
    });
    expect(new RNN(3, 2, { nonlinearity: "relu", bias: false }).describe().config).toEqual({
      inputSize: 3, hiddenSize: 2, numLayers: 1, bias: false, batchFirst: false, dropout: 0, bidirectional: false, nonlinearity: "relu",
    });
    expect(new LSTMCell(3, 2, { bias: false }).describe()).toEqual({ type: "LSTMCell", config: { inputSize: 3, hiddenSize: 2, bias: false }, children: [] });
    expect(new Flatten(0).describe().config).toEqual({ startDim: 0, endDim: -1 });
  });

  it("is stored by saveCheckpoint under __metadata__[\"tapegrad.model\"], versioned", () => {
    const m = classifier();
    const { metadata } = parseSafetensors(checkpointBytes(m, { metadata: { note: "kept" } }));
    expect(metadata.note).toBe("kept");
    expect(JSON.parse(metadata["tapegrad.model"])).toEqual({ format: MODEL_FORMAT, model: m.describe() });
    expect(MODEL_FORMAT).toBe("tapegrad-model/1");
  });
});

describe("loadModel", () => {
  it("rebuilds a nested model from the file alone: same names, same outputs", () => {
    const m = classifier();
    const path = join(dir, "classifier.safetensors");
    saveCheckpoint(m, path);
    const { model, metadata } = loadModel(path, { backend: "js" });
    expect(model.namedParameters().map(([n]) => n)).toEqual(m.namedParameters().map(([n]) => n));
    expect(model.training).toBe(false);
    expect(metadata["tapegrad.model"]).toBeDefined();
    expectSameForward(m, model as Sequential, [[1, 2, 3, 4], [5, 6, 7, 0]]);
  });

  it("rebuilds every recurrent option and each cell", () => {
    const x = randn([3, 2, 4], { backend: "js", generator: new Generator(9) });
    const layers = [
      new RNN(4, 3, { ...js(5), nonlinearity: "relu", bias: false, numLayers: 2 }),
      new LSTM(4, 3, { ...js(6), bidirectional: true }),
      new GRU(4, 3, { ...js(7), batchFirst: true, numLayers: 3 }),
    ];
    for (const layer of layers) {
      for (const pick of [new FinalHidden(), new SequenceOutput()]) {
        const m = new Sequential(layer, pick);
        expectSameForward(m, loadModelBytes(checkpointBytes(m), { backend: "js" }).model as Sequential, x);
      }
    }
    const x2 = x.select(0, 0);
    for (const cell of [new RNNCell(4, 3, { ...js(8), nonlinearity: "relu" }), new GRUCell(4, 3, js(9))]) {
      const back = loadModelBytes(checkpointBytes(cell), { backend: "js" }).model as RNNCell;
      expect(Array.from(back.forward(x2).data())).toEqual(Array.from(cell.forward(x2).data()));
    }
    const lstmCell = new LSTMCell(4, 3, js(10));
    const back = loadModelBytes(checkpointBytes(lstmCell), { backend: "js" }).model as LSTMCell;
    expect(Array.from(back.forward(x2)[1].data())).toEqual(Array.from(lstmCell.forward(x2)[1].data()));
  });

  it("refuses an unknown module type by name, listing the known ones, until it is registered", () => {
    class Scaled extends Module {
      readonly inner = this.registerModule("inner", new Linear(2, 2, js(11)));
      constructor(readonly factor: number) {
        super();
      }
      protected override moduleConfig() {
        return { type: "Scaled", config: { factor: this.factor } };
      }
      forward(x: Tensor): Tensor {
        return this.inner.forward(x).mul(this.factor);
      }
    }
    const bytes = checkpointBytes(new Sequential({ body: new Scaled(3), act: new Sigmoid() }));
    expect(() => loadModelBytes(bytes, { source: "s.safetensors" })).toThrow(
      /moduleFromSpec: model\.body: unknown module type "Scaled"; known types: .*Embedding, FinalHidden, .*LSTM, .*Sequential/,
    );
    registerModuleType("Scaled", (c, children) => {
      const s = new Scaled(c.number("factor"));
      s.inner.loadStateDict(children.get("inner")!.stateDict());
      return s;
    });
    const { model } = loadModelBytes(bytes);
    expect(model.namedParameters().map(([n]) => n)).toEqual(["body.inner.weight", "body.inner.bias"]);
  });

  it("checks the description: version, shape of each entry, config values, and a file without one", () => {
    const withModel = (text: string) => serializeSafetensors([], { "tapegrad.model": text });
    const load = (doc: unknown) => () => loadModelBytes(withModel(JSON.stringify(doc)), { source: "m.safetensors" });
    const lstm = { type: "LSTM", config: { inputSize: 4, hiddenSize: 3 }, children: [] };
    expect(load({ format: "tapegrad-model/2", model: lstm })).toThrow(/m\.safetensors: expected format "tapegrad-model\/1", got "tapegrad-model\/2"/);
    expect(() => loadModelBytes(withModel("{oops"))).toThrow(/is not valid JSON/);
    expect(load({ format: MODEL_FORMAT, model: { config: {} } })).toThrow(/model: "type" must be a non-empty string, got undefined/);
    expect(load({ format: MODEL_FORMAT, model: { type: "LSTM", config: { inputSize: 4, hiddenSize: "3" } } })).toThrow(
      /model \(LSTM\): config\.hiddenSize must be a non-negative integer, got "3"/,
    );
    expect(load({ format: MODEL_FORMAT, model: { type: "LSTM", config: { inputSize: 4, hiddenSize: 0 } } })).toThrow(/LSTM: hiddenSize must be a positive integer, got 0/);
    const twice = { type: "Sequential", children: [{ name: "a", ...lstm }, { name: "a", ...lstm }] };
    expect(load({ format: MODEL_FORMAT, model: twice })).toThrow(/model: two children are named "a"/);
    expect(load({ format: MODEL_FORMAT, model: { ...lstm, children: [{ name: "x", type: "ReLU" }] } })).toThrow(/model \(LSTM\): LSTM has no child modules/);
    // Weights that do not fit the description are refused like any checkpoint.
    expect(load({ format: MODEL_FORMAT, model: lstm })).toThrow(/Missing key\(s\) in state_dict: "weight_ih_l0"/);
    expect(() => loadModelBytes(serializeSafetensors([]), { source: "old.safetensors" })).toThrow(/old\.safetensors has no __metadata__\["tapegrad\.model"\]/);
  });
});

describe("recurrent layers in a Sequential", () => {
  it("FinalHidden is the last layer's final state with both directions side by side", () => {
    const lstm = new LSTM(3, 2, { ...js(12), numLayers: 2, bidirectional: true, batchFirst: true });
    const x = randn([4, 5, 3], { backend: "js", generator: new Generator(13) });
    const { hN } = lstm.forward(x); // [4 = layers·D, B, H]
    const got = new Sequential(lstm, new FinalHidden()).forward(x);
    expect(got.shape).toEqual([4, 4]);
    const h = hN.data();
    const want: number[] = [];
    for (let b = 0; b < 4; b++) for (const d of [2, 3]) for (let k = 0; k < 2; k++) want.push(h[(d * 4 + b) * 2 + k]);
    expect(Array.from(got.data())).toEqual(want);
    const unbatched = new Sequential(lstm, new FinalHidden()).forward(x.select(0, 1));
    expect(unbatched.shape).toEqual([4]);
  });

  it("explains a missing picker and a misplaced one", () => {
    const x = tensor([[[1, 2, 3]]], { backend: "js" });
    expect(() => new Sequential(new GRU(3, 2, js(14)), new Linear(2, 1, js(15))).forward(x)).toThrow(
      'Sequential: child "1" (Linear) takes a Tensor, but child "0" (GRU) returns { output, hN }; put FinalHidden() (the last layer\'s final state) or SequenceOutput() (every step\'s output) in between',
    );
    expect(() => new Sequential(new GRU(3, 2, js(14))).forward(x)).toThrow(/child "0" \(GRU\) returns \{ output, hN \}, expected a Tensor/);
    expect(() => new Sequential(new Linear(3, 2, js(15)), new FinalHidden()).forward(x)).toThrow(
      "FinalHidden: expected the { output, hN } of a recurrent layer (RNN, LSTM, GRU), got a Tensor [1, 1, 2]",
    );
  });

  it("Flatten merges startDim..endDim like torch.nn.Flatten", () => {
    const x = randn([2, 3, 4, 5], { backend: "js" });
    expect(new Flatten().forward(x).shape).toEqual([2, 60]);
    expect(new Flatten(0).forward(x).shape).toEqual([120]);
    expect(new Flatten(1, 2).forward(x).shape).toEqual([2, 12, 5]);
    expect(new Flatten(-3, -2).forward(x).shape).toEqual([2, 12, 5]);
    expect(() => new Flatten(2, 1).forward(x)).toThrow("Flatten: dimensions 2..1 do not fit input [2, 3, 4, 5]");
  });
});
