// Parameter groups, optimizer and scheduler state dicts, training checkpoints: behaviour beyond the
// PyTorch fixtures (errors, copies, all-or-nothing loading).
import { tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  Adam, Linear, ReduceLROnPlateau, SGD, StepLR, checkpointBytes, loadTrainingCheckpointBytes, stateDictFromJson, stateDictToJson,
  trainingCheckpointBytes,
} from "../src/index";

const backend = "js" as const;
const param = (values: number[]): Tensor => tensor(values, { backend, requiresGrad: true });

function stepWith(opt: { step(): void }, params: Tensor[], grads: number[][]): void {
  params.forEach((p, i) => (p.grad = tensor(grads[i], { backend })));
  opt.step();
}

describe("parameter groups", () => {
  it("give each group its own lr and weight decay, with the defaults elsewhere", () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5, weightDecay: 0.1 }], { lr: 0.1 });
    stepWith(opt, [a, b], [[1, 1], [1]]);
    expect(Array.from(a.data())).toEqual([1 - 0.1, 2 - 0.1]);
    expect(b.item()).toBeCloseTo(3 - 0.5 * (1 + 0.1 * 3), 15);
    expect(opt.paramGroups.map((g) => [g.lr, g.weightDecay])).toEqual([[0.1, 0], [0.5, 0.1]]);
  });

  it("reject unknown options, shared parameters and invalid values with PyTorch's words", () => {
    const a = param([1]);
    expect(() => new SGD([{ params: [a], lrr: 1 } as any], { lr: 0.1 })).toThrow(/unknown option "lrr" in a parameter group/);
    expect(() => new SGD([{ params: [a] }, { params: [a] }], { lr: 0.1 })).toThrow("some parameters appear in more than one parameter group");
    expect(() => new Adam([{ params: [a], lr: -1 }])).toThrow("Adam: Invalid learning rate: -1");
    expect(() => new Adam([{ params: [a], betas: [0.9, 1] }])).toThrow("Adam: Invalid beta parameter at index 1: 1");
  });
});

describe("optimizer state dicts", () => {
  it("are copies in PyTorch's layout", () => {
    const a = param([1, 2]);
    const opt = new Adam([a], { lr: 0.1 });
    stepWith(opt, [a], [[1, -1]]);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(["0"]);
    expect(sd.param_groups[0]).toEqual({ lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, params: [0] });
    const before = Array.from(sd.state[0].exp_avg as Float64Array);
    stepWith(opt, [a], [[1, -1]]);
    expect(Array.from(sd.state[0].exp_avg as Float64Array)).toEqual(before);
    expect(sd.state[0].step).toBe(1);
  });

  it("refuse a dict with a different parameter count or group count, changing nothing", () => {
    const a = param([1, 2]);
    const b = param([3]);
    const two = new Adam([a, b], { lr: 0.1 });
    stepWith(two, [a, b], [[1, 1], [1]]);
    const opt = new Adam([a], { lr: 0.2 });
    stepWith(opt, [a], [[1, 1]]);
    const mine = stateDictToJson(opt.stateDict());
    expect(() => opt.loadStateDict(two.stateDict())).toThrow(
      "Adam.loadStateDict: loaded state dict contains a parameter group that doesn't match the size of optimizer's group (param_groups[0] has 2 parameters, the optimizer's group has 1)",
    );
    const grouped = new Adam([{ params: [a] }, { params: [b] }]);
    expect(() => grouped.loadStateDict(two.stateDict())).toThrow("loaded state dict has a different number of parameter groups (1, the optimizer has 2)");
    expect(stateDictToJson(opt.stateDict())).toEqual(mine);
  });

  it("refuse state arrays of the wrong size and missing moments", () => {
    const a = param([1, 2]);
    const opt = new Adam([a]);
    const sd = { state: { 0: { step: 1, exp_avg: new Float64Array(3), exp_avg_sq: new Float64Array(2) } }, param_groups: [{ ...opt.stateDict().param_groups[0] }] };
    expect(() => opt.loadStateDict(sd)).toThrow("Adam.loadStateDict: state[0].exp_avg: 3 values, but the parameter has 2 (shape [2])");
    const missing = { state: { 0: { step: 1, exp_avg: new Float64Array(2) } }, param_groups: sd.param_groups };
    expect(() => opt.loadStateDict(missing)).toThrow(/state\[0\]: missing exp_avg_sq/);
    expect(() => opt.loadStateDict({ ...sd, param_groups: [{ ...sd.param_groups[0], lrr: 1 }] })).toThrow('unknown hyperparameter "lrr" in param_groups[0]');
  });

  it("restore the hyperparameters saved with them (as PyTorch does)", () => {
    const a = param([1]);
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9 });
    const sd = opt.stateDict();
    const other = new SGD([param([1])], { lr: 1 });
    other.loadStateDict(sd);
    expect(other.paramGroups[0].momentum).toBe(0.9);
    expect(other.lr).toBe(0.1);
  });
});

describe("scheduler state dicts", () => {
  it("survive JSON, ReduceLROnPlateau's infinite best included", () => {
    const a = param([1]);
    const opt = new SGD([a], { lr: 0.1 });
    const plateau = new ReduceLROnPlateau(opt);
    const sd = stateDictFromJson(stateDictToJson(plateau.stateDict()));
    expect(sd.best).toBe(Infinity);
    const again = new ReduceLROnPlateau(opt, { mode: "max" });
    again.loadStateDict(sd);
    expect(again.mode).toBe("min");
    expect(again.isBetter(5, again.best)).toBe(true);
    const step = new StepLR(opt, 2);
    expect(() => step.loadStateDict({ ...step.stateDict(), base_lrs: [1, 2] })).toThrow('StepLR.loadStateDict: "base_lrs" must be a list of 1 numbers (one per parameter group)');
  });
});

describe("training checkpoints", () => {
  it("load all or nothing", () => {
    const model = new Linear(2, 1, { backend });
    const opt = new Adam(model.parameters(), { lr: 0.1 });
    const bytes = trainingCheckpointBytes({ model, optimizer: opt });
    const other = new Linear(2, 1, { backend });
    const before = other.parameters().map((p) => Array.from(p.data()));
    const sgd = new SGD(other.parameters(), { lr: 0.1 });
    expect(() => loadTrainingCheckpointBytes(bytes, { model: other, optimizer: sgd })).toThrow("loadTrainingCheckpoint: checkpoint: the file holds Adam state, the optimizer is SGD");
    // A wrong group count in the optimizer part fails after the model part loaded: the model is rolled back.
    const grouped = new Adam([{ params: [other.parameters()[0]] }, { params: [other.parameters()[1]] }]);
    expect(() => loadTrainingCheckpointBytes(bytes, { model: other, optimizer: grouped })).toThrow(/different number of parameter groups/);
    expect(other.parameters().map((p) => Array.from(p.data()))).toEqual(before);
    expect(() => loadTrainingCheckpointBytes(checkpointBytes(model), { model: other })).toThrow(/not a training checkpoint/);
  });
});
