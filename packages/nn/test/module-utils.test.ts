// Module utilities: namedModules, apply, numParameters, requiresGrad_, train/eval, toString.
import { tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { checkpointBytes, Dropout, Embedding, Linear, loadCheckpointBytes, LSTM, Module, SGD, Sequential, Tanh } from "../src/index";

class Net extends Module {
  emb = this.registerModule("emb", new Embedding(10, 4, { backend: "js" }));
  body = this.registerModule("body", new Sequential(new Linear(4, 3, { backend: "js" }), new Dropout(0.5)));
}

describe("Module utilities", () => {
  it("walk the tree like PyTorch: namedModules, apply (children first), numParameters", () => {
    const net = new Net();
    expect(net.namedModules().map(([n, m]) => `${n}:${m.constructor.name}`)).toEqual([":Net", "emb:Embedding", "body:Sequential", "body.0:Linear", "body.1:Dropout"]);
    const order: string[] = [];
    net.apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(["Embedding", "Linear", "Dropout", "Sequential", "Net"]);
    expect(net.numParameters()).toBe(40 + 15);
    expect(new LSTM(3, 4, { numLayers: 2 }).numParameters()).toBe(4 * 4 * (3 + 4 + 2) + 4 * 4 * (4 + 4 + 2));
  });

  it("requiresGrad_(false) freezes: no gradient, the optimizer leaves it, numParameters counts it as frozen", () => {
    const net = new Net();
    net.emb.requiresGrad_(false);
    const before = Array.from(net.emb.weight.data());
    const opt = new SGD(net.parameters(), { lr: 0.1 });
    const out = net.body.forward(net.emb.forward([1, 2]));
    out.sum().backward();
    expect(net.emb.weight.grad).toBeNull();
    expect(net.body.parameters()[0].grad).not.toBeNull();
    opt.step();
    expect(Array.from(net.emb.weight.data())).toEqual(before);
    expect(net.numParameters({ trainableOnly: true })).toBe(15);
    expect(String(net).split("\n")[0]).toBe("Net(  # 55 parameters (40 frozen)");
  });

  it("train() and eval() reach every submodule; toString prints the tree with counts", () => {
    const net = new Net();
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    const x = tensor([[1, 1, 1]], { backend: "js" });
    expect(Array.from((net.body.children()[1] as Dropout).forward(x).data())).toEqual([1, 1, 1]);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(String(net)).toBe(
      [
        "Net(  # 55 parameters",
        "  (emb): Embedding(numEmbeddings=10, embeddingDim=4)  # 40 parameters",
        "  (body): Sequential(  # 15 parameters",
        "    (0): Linear(inFeatures=4, outFeatures=3, bias=true)  # 15 parameters",
        "    (1): Dropout(p=0.5)  # 0 parameters",
        "  )",
        ")",
      ].join("\n"),
    );
  });

  it("a module used twice (tied weights) is listed once, trains once per step, and checkpoints under both names", () => {
    const shared = new Linear(2, 2, { backend: "js" });
    const model = new Sequential(shared, new Tanh(), shared);
    expect(model.namedModules().map(([n]) => n)).toEqual(["", "0", "1"]);
    expect(model.namedModules("", { removeDuplicate: false }).map(([n]) => n)).toEqual(["", "0", "1", "2"]);
    expect(model.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias"]);
    expect(Object.keys(model.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    // The optimizer takes model.parameters() (it refuses a parameter listed twice) and steps each once.
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const before = Array.from(shared.weight.data());
    model.forward(tensor([[1, -1]], { backend: "js" })).sum().backward();
    const grad = Array.from(shared.weight.grad!.data());
    opt.step();
    Array.from(shared.weight.data()).forEach((w, i) => expect(w).toBeCloseTo(before[i] - 0.1 * grad[i], 14));
    const copy = new Linear(2, 2, { backend: "js" });
    loadCheckpointBytes(new Sequential(copy, new Tanh(), copy), checkpointBytes(model));
    expect(Array.from(copy.weight.data())).toEqual(Array.from(shared.weight.data()));
  });
});
