// Classification metrics on logits (plain numbers, no gradient).
import { argmax, type Tensor } from "@tapegrad/autograd";
import type { ClassIds } from "./loss/cross-entropy";
import { flattenIds, shapeStr } from "./util";

export interface AccuracyOptions {
  /** Targets equal to this are left out of the count (default −100, as cross-entropy). */
  ignoreIndex?: number;
}

/**
 * The fraction of positions whose largest logit (classes in the last dimension) is the target:
 * logits [N, C] with ids [N], or [B, T, C] with ids [B, T]. NaN when every target is ignored.
 */
export function accuracy(logits: Tensor, targets: ClassIds, opts: AccuracyOptions = {}): number {
  const ignore = opts.ignoreIndex ?? -100;
  const { values, shape } = readTargets(targets);
  const want = logits.shape.slice(0, -1);
  if (logits.shape.length < 1 || shape.length !== want.length || shape.some((d, i) => d !== want[i])) {
    throw new Error(`accuracy: targets of shape ${shapeStr(shape)} do not match logits ${shapeStr(logits.shape)} (expected targets ${shapeStr(want)}, classes in the last dimension)`);
  }
  const predicted = argmax(logits, -1);
  const p = predicted.data();
  predicted.dispose();
  let right = 0, counted = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === ignore) continue;
    counted++;
    if (p[i] === values[i]) right++;
  }
  return right / counted;
}

/** The fraction of logits on the right side of `threshold` (default 0, i.e. probability 0.5) for 0/1 targets of the same shape. */
export function binaryAccuracy(logits: Tensor, targets: Tensor | ArrayLike<number> | number[][], threshold = 0): number {
  const { values, shape } = readTargets(targets);
  if (values.length !== logits.size) throw new Error(`binaryAccuracy: ${values.length} targets (shape ${shapeStr(shape)}) for ${logits.size} logits (shape ${shapeStr(logits.shape)})`);
  const x = logits.data();
  let right = 0;
  for (let i = 0; i < values.length; i++) if ((x[i] > threshold ? 1 : 0) === values[i]) right++;
  return right / values.length;
}

function readTargets(t: ClassIds | number[][]): { values: ArrayLike<number>; shape: number[] } {
  if (t !== null && typeof t === "object" && "backend" in t) return { values: (t as Tensor).data(), shape: [...(t as Tensor).shape] };
  return flattenIds(t, "accuracy");
}
