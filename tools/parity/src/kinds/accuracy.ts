// kind "accuracy": nn accuracy() against (logits.argmax(-1) == y)[y != ignore_index].float().mean(),
// and argmax's predictions (first index of the maximum on ties, as torch.argmax); binaryAccuracy
// against ((logits > threshold).float() == y).float().mean().
import { argmax } from "@tapegrad/autograd";
import { accuracy as accuracyOf, binaryAccuracy } from "@tapegrad/nn";
import { nest, toIds, toTensor, type Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

export const accuracy: KindRunner = (fx: Fixture) => {
  return eachCase("accuracy", fx, (c, check, backend) => {
    const logits = toTensor(c.logits, "logits", backend);
    if (c.binary) {
      const targets = toTensor(c.targets, "targets", backend);
      check.scalar("binaryAccuracy", binaryAccuracy(logits, targets, c.threshold), c.accuracy);
      check.scalar("binaryAccuracy (array targets)", binaryAccuracy(logits, Array.from(c.targets.data as number[]), c.threshold), c.accuracy);
      return;
    }
    check.tensor("predicted", argmax(logits, -1), c.predicted);
    const targets = toIds(c.targets, "targets");
    // Targets as Int32Array (flat, with the shape from the logits) and as a float tensor.
    const asTensor = toTensor(c.targets, "targets", backend);
    check.scalar("accuracy (tensor targets)", accuracyOf(logits, asTensor, { ignoreIndex: c.ignore_index }), c.accuracy);
    const ids = targets.shape.length === 1 ? Int32Array.from(targets.values) : nest(targets.values, targets.shape);
    check.scalar("accuracy (id targets)", accuracyOf(logits, ids, { ignoreIndex: c.ignore_index }), c.accuracy);
    if (c.ignore_index === -100) check.scalar("accuracy (default ignoreIndex)", accuracyOf(logits, asTensor), c.accuracy);
  });
};
