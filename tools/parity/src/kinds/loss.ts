// kind "loss": each case is one loss module call; loss value and d loss / d input.
import { Tensor } from "@tapegrad/autograd";
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, type Reduction } from "@tapegrad/nn";
import { nest, toIds, toTensor, type Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

export const loss: KindRunner = (fx: Fixture) => {
  return eachCase("loss", fx, (c, check, backend) => {
    const input = toTensor(c.input, "input", backend, true);
    const reduction = (c.reduction ?? "mean") as Reduction;
    let out: Tensor;
    switch (fx.module) {
      case "torch.nn.MSELoss":
        out = mseLoss(input, toTensor(c.target, "target", backend), reduction);
        break;
      case "torch.nn.CrossEntropyLoss": {
        const opts = { reduction, ignoreIndex: c.ignore_index ?? -100 };
        if (c.target?.dtype && c.target.dtype !== "int64") {
          out = crossEntropy(input, toTensor(c.target, "target", backend), opts); // class probabilities
        } else {
          const ids = toIds(c.target, "target");
          out = crossEntropy(input, nest(ids.values, ids.shape), opts);
        }
        break;
      }
      case "torch.nn.BCEWithLogitsLoss":
        out = binaryCrossEntropyWithLogits(input, toTensor(c.target, "target", backend), reduction);
        break;
      case "torch.nn.BCELoss":
        out = binaryCrossEntropy(input, toTensor(c.target, "target", backend), reduction);
        break;
      default:
        throw new Error(`loss: unknown module ${JSON.stringify(fx.module)}`);
    }
    // reduction 'none' gives a tensor; its gradient in the fixture is of the sum.
    (out.size === 1 && out.ndim === 0 ? out : out.sum()).backward();
    if (typeof c.loss === "number") check.scalar("loss", out.item(), c.loss);
    else check.tensor("loss", out, c.loss);
    check.tensor("grad_input", input.grad, c.grad_input);
  });
};
