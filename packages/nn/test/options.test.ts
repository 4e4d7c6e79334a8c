// The shared option checker: unknown keys are errors with a suggestion in every constructor that
// takes options; a bare number is an optimizer's learning rate; non-parameters are refused.
import { tensor, suggest } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  Adam, AdamW, BCELoss, clipGradNorm, BCEWithLogitsLoss, checkpointBytes, CosineAnnealingLR, CrossEntropyLoss, crossEntropy, Dropout, Embedding, GRU, GRUCell,
  Linear, LSTM, LSTMCell, loadCheckpointBytes, MSELoss, RMSprop, RNN, RNNCell, SGD, StepLR,
} from "../src/index";

const backend = "js" as const;
const params = () => new Linear(2, 1, { backend }).parameters();

describe("checkOptions: unknown keys", () => {
  it("suggests the key meant: TensorFlow.js and PyTorch spellings, case and typos", () => {
    const keys = ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize"];
    expect(suggest("learningRate", keys)).toBe("lr");
    expect(suggest("learning_rate", keys)).toBe("lr");
    expect(suggest("weight_decay", keys)).toBe("weightDecay");
    expect(suggest("epsilon", keys)).toBe("eps");
    expect(suggest("beta1", keys)).toBe("betas");
    expect(suggest("amsgard", keys)).toBe("amsgrad");
    expect(suggest("momentum", keys)).toBe(null);
    expect(suggest("batch_first", ["batchFirst", "bias"])).toBe("batchFirst");
    expect(suggest("numlayer", ["numLayers", "bias"])).toBe("numLayers");
  });

  it("optimizers refuse keys that are not options instead of training at the default rate", () => {
    expect(() => new Adam(params(), { learningRate: 0.1 } as never)).toThrow('Adam: unknown option "learningRate" (did you mean "lr"?)');
    expect(() => new AdamW(params(), { weight_decay: 0.1 } as never)).toThrow('AdamW: unknown option "weight_decay" (did you mean "weightDecay"?)');
    expect(() => new SGD(params(), { lr: 0.1, momentun: 0.9 } as never)).toThrow('SGD: unknown option "momentun" (did you mean "momentum"?)');
    expect(() => new RMSprop(params(), { rho: 0.9 } as never)).toThrow('RMSprop: unknown option "rho" (did you mean "alpha"?)');
    expect(() => new Adam(params(), { lr: "0.1" } as never)).toThrow('Adam: option "lr" must be a number, got string "0.1"');
    expect(() => new Adam(params(), { betas: 0.9 } as never)).toThrow('Adam: option "betas" must be a pair of numbers [beta1, beta2], got number 0.9');
  });

  it("a number where the options belong is the learning rate (PyTorch's positional lr)", () => {
    for (const make of [(p: never) => new Adam(p, 0.1), (p: never) => new AdamW(p, 0.1), (p: never) => new SGD(p, 0.1), (p: never) => new RMSprop(p, 0.1)]) {
      expect(make(params() as never).lr).toBe(0.1);
    }
    // and it trains at that rate: one SGD step moves w by −lr·g exactly.
    const w = tensor([1, 2], { backend, requiresGrad: true });
    const opt = new SGD([w], 0.1);
    w.mul(tensor([3, 4], { backend })).sum().backward();
    opt.step();
    expect(Array.from(w.data())).toEqual([1 - 0.1 * 3, 2 - 0.1 * 4]);
    expect(() => new SGD(params(), {} as never)).toThrow("SGD: the learning rate is required");
  });

  it("an optimizer given things that are not parameters is an error", () => {
    expect(() => new SGD([1, 2] as never, 0.1)).toThrow("SGD: optimizer can only optimize Tensors, but params[0] is number 1");
    expect(() => new Adam(new Linear(2, 1) as never)).toThrow("Adam: params must be an iterable of Tensors or of parameter groups (pass module.parameters()), got Linear");
    const x = tensor([1], { backend, requiresGrad: true });
    expect(() => new Adam([x.mul(2)])).toThrow("Adam: can't optimize a non-leaf Tensor: params[0] was made by mul");
  });

  it("layers, losses, schedulers and checkpoints check their options too", () => {
    expect(() => new Linear(2, 3, { useBias: false } as never)).toThrow('Linear: unknown option "useBias" (did you mean "bias"?)');
    expect(() => new Linear(2, 3, { bias: "no" } as never)).toThrow('Linear: option "bias" must be true or false, got string "no"');
    expect(() => new Embedding(4, 2, { seed: 1 } as never)).toThrow('Embedding: unknown option "seed" (did you mean "generator"?)');
    expect(() => new Embedding(4, 2, { backend: "cpu" } as never)).toThrow('Embedding: option "backend" must be "wasm" or "js", got string "cpu"');
    expect(() => new LSTM(2, 3, { batch_first: true } as never)).toThrow('LSTM: unknown option "batch_first" (did you mean "batchFirst"?)');
    expect(() => new GRU(2, 3, { num_layers: 2 } as never)).toThrow('GRU: unknown option "num_layers" (did you mean "numLayers"?)');
    expect(() => new RNN(2, 3, { nonlinearity: "relu", bidirectonal: true } as never)).toThrow('RNN: unknown option "bidirectonal" (did you mean "bidirectional"?)');
    expect(new RNN(2, 3, { nonlinearity: "relu", backend }).mode).toBe("RNN_RELU");
    expect(() => new LSTMCell(2, 3, { bais: false } as never)).toThrow('LSTMCell: unknown option "bais" (did you mean "bias"?)');
    expect(() => new RNNCell(2, 3, 5 as never)).toThrow("RNNCell: options must be an object such as");
    expect(() => new GRUCell(2, 3, { dropout: 0.1 } as never)).toThrow('GRUCell: unknown option "dropout"');
    expect(() => new MSELoss({ reduce: "sum" } as never)).toThrow('MSELoss: unknown option "reduce" (did you mean "reduction"?)');
    expect(() => new BCELoss({ weight: 1 } as never)).toThrow('BCELoss: unknown option "weight"; the options are "reduction"');
    expect(() => new BCEWithLogitsLoss({ pos_weight: 1 } as never)).toThrow('BCEWithLogitsLoss: unknown option "pos_weight" (did you mean "posWeight"?)');
    expect(() => new BCEWithLogitsLoss({ posWeight: 1 } as never)).toThrow('BCEWithLogitsLoss: option "posWeight" must be a Tensor (a weight per class, e.g. tensor([3])), got number 1');
    expect(() => new CrossEntropyLoss({ ignore_index: 0 } as never)).toThrow('CrossEntropyLoss: unknown option "ignore_index" (did you mean "ignoreIndex"?)');
    expect(() => crossEntropy(tensor([[1, 2]], { backend }), [0], { labelSmoothing: 0.1 } as never)).toThrow('CrossEntropyLoss: unknown option "labelSmoothing"');
    expect(() => clipGradNorm([], 1, 2, { error_if_nonfinite: true } as never)).toThrow('clipGradNorm: unknown option "error_if_nonfinite" (did you mean "errorIfNonfinite"?)');
    const opt = new SGD(params(), 0.1);
    expect(() => new StepLR(params() as never, 2)).toThrow("StepLR: expected an Optimizer (e.g. new Adam(params)), got an array of 2");
    expect(() => new StepLR(opt, 2, "0.5" as never)).toThrow('StepLR: gamma must be a finite number, got string "0.5"');
    expect(() => new CosineAnnealingLR(opt, Number.NaN)).toThrow("CosineAnnealingLR: tMax must be a finite number, got number NaN");
    const m = new Linear(2, 1, { backend });
    expect(() => checkpointBytes(m, { dtypes: "F32" } as never)).toThrow('checkpointBytes: unknown option "dtypes" (did you mean "dtype"?)');
    expect(() => loadCheckpointBytes(m, checkpointBytes(m), { strcit: false } as never)).toThrow('loadCheckpointBytes: unknown option "strcit" (did you mean "strict"?)');
    expect(() => new Dropout({ p: 0.2 } as never)).toThrow("Dropout: probability has to be a number between 0 and 1, got Object");
  });
});
