/**
 * ‖∂L/∂h_t‖ for every step t: how much the loss at the end of the sequence can still move the
 * hidden state at step t — the vanishing gradient, measured. The trained layer's weights are
 * loaded into the matching cell (RNNCell, LSTMCell, GRUCell: same math, names without "_l0"),
 * which is stepped by hand with a zero leaf z_t added to each h_t; autograd's gradient of z_t is
 * then exactly ∂L/∂h_t through all later steps (the total derivative, not just the direct path).
 */
import { type Tensor, noGrad, scope, tensor, zeros } from "@tapegrad/autograd";
import { GRUCell, LSTMCell, Linear, RNNCell, type Sequential, binaryCrossEntropyWithLogits } from "@tapegrad/nn";
import { TASK_FEATURES, type FirstStepBatch } from "./first-step-task.ts";
import type { CellKind } from "./memory-model.ts";

/** Mean over the batch of ‖∂L/∂h_t‖₂ per sequence, t = 0 … length−1; L summed over the batch. */
export function hiddenGradientNorms(model: Sequential, cell: CellKind, hidden: number, batch: FirstStepBatch): number[] {
  const params = new Map(model.namedParameters());
  const get = (name: string) => {
    const p = params.get(name);
    if (!p) throw new Error(`hiddenGradientNorms: the model has no parameter "${name}"; expected a memoryModel()`);
    return { shape: [...p.shape], data: p.data() };
  };
  const Cell = cell === "RNN" ? RNNCell : cell === "LSTM" ? LSTMCell : GRUCell;
  const step = new Cell(TASK_FEATURES, hidden);
  step.loadStateDict(Object.fromEntries(["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map((n) => [n, get(`encoder.${n}_l0`)])));
  const head = new Linear(hidden, 1);
  head.loadStateDict({ weight: get("head.weight"), bias: get("head.bias") });
  const { batch: B, length: T } = batch;
  return scope(() => {
    const x = tensor(batch.x, { shape: [B, T, TASK_FEATURES] });
    const probes: Tensor[] = [];
    let h: Tensor = zeros([B, hidden]);
    let c: Tensor = zeros([B, hidden]);
    for (let t = 0; t < T; t++) {
      const xt = x.narrow(1, t, 1).reshape([B, TASK_FEATURES]);
      if (step instanceof LSTMCell) [h, c] = step.forward(xt, [h, c]);
      else h = (step as RNNCell | GRUCell).forward(xt, h);
      const probe = zeros([B, hidden], { requiresGrad: true });
      probes.push(probe);
      h = h.add(probe);
    }
    const loss = binaryCrossEntropyWithLogits(head.forward(h).reshape([B]), tensor(batch.y, { shape: [B] }), "sum");
    loss.backward();
    return noGrad(() =>
      probes.map((p) => {
        const g = p.grad!.data();
        let total = 0;
        for (let b = 0; b < B; b++) {
          let sq = 0;
          for (let k = 0; k < hidden; k++) sq += g[b * hidden + k] ** 2;
          total += Math.sqrt(sq);
        }
        return total / B;
      }),
    );
  });
}
