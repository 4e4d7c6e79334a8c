// kind "accuracy": nn accuracy() against (logits.argmax(-1) == y)[y != ignore_index].float().mean(),
// and argmax's predictions (first index of the maximum on ties, as torch.argmax).
import { argmax } from "@tapegrad/autograd";
import { accuracy as accuracyOf } from "@tapegrad/nn";
import { nest, toIds, toTensor, type Fixture } from "../fixture";
import type { KindRunner } from "./types";

export const accuracy: KindRunner = (fx: Fixture) => {
  if (!Array.isArray(fx.cases)) throw new Error(`accuracy: "cases" must be a list`);
  return fx.cases.map((c: Record<string, any>, i: number) => ({
    name: String(c.name ?? i),
    run(check, backend) {
      const logits = toTensor(c.logits, "logits", backend);
      check.tensor("predicted", argmax(logits, -1), c.predicted);
      const targets = toIds(c.targets, "targets");
      // Targets as Int32Array (flat, with the shape from the logits) and as a float tensor.
      const asTensor = toTensor(c.targets, "targets", backend);
      check.scalar("accuracy (tensor targets)", accuracyOf(logits, asTensor, { ignoreIndex: c.ignore_index }), c.accuracy);
      const ids = targets.shape.length === 1 ? Int32Array.from(targets.values) : nest(targets.values, targets.shape);
      check.scalar("accuracy (id targets)", accuracyOf(logits, ids, { ignoreIndex: c.ignore_index }), c.accuracy);
      if (c.ignore_index === -100) check.scalar("accuracy (default ignoreIndex)", accuracyOf(logits, asTensor), c.accuracy);
    },
  }));
};
