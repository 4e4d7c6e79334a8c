// A module type of the test's own (not nn's), for DataParallel's workerUrl test.
import type { Tensor } from "@tapegrad/autograd";
import { Module, registerModuleType, type TensorModule } from "@tapegrad/nn";

/** Halves its input. */
export class Halver extends Module implements TensorModule {
  protected override moduleConfig() {
    return { type: "TestHalver", config: {} };
  }
  forward(t: Tensor): Tensor {
    return t.mul(0.5);
  }
}

registerModuleType("TestHalver", () => new Halver());
