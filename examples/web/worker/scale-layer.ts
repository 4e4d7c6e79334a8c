/**
 * A module type of the playground's own (not nn's), registered for moduleFromSpec: DataParallel's
 * replicas can rebuild it only in a worker script that registers it too (scale-replica-worker.ts).
 */
import { Module, type TensorModule, registerModuleType } from "@tapegrad/nn";
import type { Tensor } from "@tapegrad/autograd";

/** Multiplies its input by a fixed factor. */
export class Scale extends Module implements TensorModule {
  constructor(readonly factor: number) {
    super();
  }
  protected override moduleConfig() {
    return { type: "PlaygroundScale", config: { factor: this.factor } };
  }
  forward(t: Tensor): Tensor {
    return t.mul(this.factor);
  }
}

registerModuleType("PlaygroundScale", (c) => new Scale(c.number("factor")));
