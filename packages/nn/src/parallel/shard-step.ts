// One shard's part of a data-parallel training step, the same code on the calling thread and in
// the workers: forward, the loss scaled by the shard's share of the batch, backward.
import { scope, type Tensor } from "@tapegrad/autograd";
import { crossEntropy } from "../loss/cross-entropy";
import { mseLoss } from "../loss/mse";
import type { TensorModule } from "../layers/sequential";

/** Losses DataParallel can split by batch rows: a mean over rows is the share-weighted sum of shard means. */
export type ShardLoss = "mse" | "cross-entropy";

export const SHARD_LOSSES: readonly ShardLoss[] = ["mse", "cross-entropy"];

/**
 * share · loss(model(x), y), backpropagated into the parameters' .grad (accumulating, as backward
 * does); returns share · loss. `share` is the shard's fraction of the batch.
 */
export function shardStep(model: TensorModule, loss: ShardLoss, x: Tensor, y: Tensor, share: number): number {
  return scope(() => {
    const out = model.forward(x);
    const l = loss === "mse" ? mseLoss(out, y) : crossEntropy(out, y);
    const scaled = share === 1 ? l : l.mul(share);
    scaled.backward();
    return scaled.item();
  });
}
