// Every nn code path that writes an existing tensor's storage (optimizer steps, state-dict and
// checkpoint loads, gradient clipping, gradient accumulation) goes through Tensor.storeForWrite,
// which bumps the version: a graph that saved the old values then refuses backward, as PyTorch
// does ("modified by an inplace operation"), instead of giving gradients for values it never saw.
import { tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  Adam, AdamW, checkpointBytes, clipGradNorm, clipGradValue, Linear, loadCheckpointBytes, loadTrainingCheckpointBytes, RMSprop, SGD,
  trainingCheckpointBytes,
} from "../src/index";

const REFUSED = "modified by an inplace operation";
const backends = ["js", "wasm"] as const;

/** A forward through `layer` whose matmul saved layer.weight (and the input); returns the loss. */
function forward(layer: Linear, backend: "js" | "wasm"): Tensor {
  const x = tensor([[0.5, -1, 2], [1, 0.25, -0.5]], { backend, requiresGrad: true });
  return layer.forward(x).tanh().sum();
}

/** A model with gradients from one earlier backward (so optimizers have something to apply). */
function trained(backend: "js" | "wasm"): Linear {
  const layer = new Linear(3, 2, { backend });
  forward(layer, backend).backward();
  return layer;
}

describe("writers of parameter storage between forward and backward are refused at backward", () => {
  const writers: [string, (m: Linear, backend: "js" | "wasm") => void][] = [
    ["SGD step", (m) => new SGD(m.parameters(), 0.1).step()],
    ["SGD step with momentum", (m) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }).step()],
    ["Adam step", (m) => new Adam(m.parameters(), 0.1).step()],
    ["AdamW step", (m) => new AdamW(m.parameters(), 0.1).step()],
    ["RMSprop step", (m) => new RMSprop(m.parameters(), 0.1).step()],
    ["loadStateDict", (m, backend) => m.loadStateDict(new Linear(3, 2, { backend }).stateDict())],
    ["loadCheckpointBytes", (m, backend) => loadCheckpointBytes(m, checkpointBytes(new Linear(3, 2, { backend })))],
    ["loadTrainingCheckpointBytes", (m, backend) => {
      const other = new Linear(3, 2, { backend });
      loadTrainingCheckpointBytes(trainingCheckpointBytes({ model: other, optimizer: new SGD(other.parameters(), 0.1) }), { model: m, optimizer: new SGD(m.parameters(), 0.1) });
    }],
  ];
  for (const backend of backends) {
    it.each(writers)(`${backend}: %s`, (_name, write) => {
      const m = trained(backend);
      const loss = forward(m, backend);
      write(m, backend);
      expect(() => loss.backward()).toThrow(REFUSED);
    });
  }

  it("the same writes after backward are fine (control)", () => {
    for (const [, write] of writers) {
      const m = trained("js");
      const loss = forward(m, "js");
      loss.backward();
      expect(() => write(m, "js")).not.toThrow();
    }
  });
});

describe("writers of gradient storage bump the gradient's version", () => {
  // A gradient used as a value in a later graph (gradient penalties, meta-learning): writing it in
  // place must not silently change what that graph saved.
  const gradWriters: [string, (p: Tensor) => void][] = [
    ["clipGradValue", (p) => clipGradValue([p], 0.1)],
    ["clipGradNorm", (p) => clipGradNorm([p], 0.01)],
    ["gradient accumulation by a second backward", (p) => p.mul(3).sum().backward()],
  ];
  for (const backend of backends) {
    it.each(gradWriters)(`${backend}: %s`, (_name, write) => {
      const p = tensor([1, -2, 3], { backend, requiresGrad: true });
      p.mul(2).sum().backward();
      const x = tensor([0.5, 0.25, -1], { backend, requiresGrad: true });
      const y = x.mul(p.grad!).sum(); // mul saves p.grad for x's gradient
      const before = p.grad!.version;
      write(p);
      expect(p.grad!.version).toBeGreaterThan(before);
      expect(() => y.backward()).toThrow(REFUSED);
    });
  }
});
