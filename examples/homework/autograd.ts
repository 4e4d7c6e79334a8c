// The same exercise through @tapegrad/autograd: the forward is written with tensor ops, the tape
// does the backward. Run in float64 (js backend) so it can be held to PyTorch at 1e-12.
import { logSoftmax, matmul, tanh, tensor, type Tensor } from "@tapegrad/autograd";
import type { CharRnnFixture } from "./fixture";

/** Loss and dL/d(each parameter, flat row-major) computed by the autograd tape. */
export function autogradGradients(fx: CharRnnFixture): { loss: number; grads: Record<string, number[]> } {
  const { params: p, k, d } = fx;
  const opts = { backend: "js" as const, requiresGrad: true };
  const leaves: Record<string, Tensor> = { W_X: tensor(p.W_X, opts), W_H: tensor(p.W_H, opts), W_Y: tensor(p.W_Y, opts) };
  if (p.b_h) leaves.b_h = tensor(p.b_h, opts);
  if (p.b_y) leaves.b_y = tensor(p.b_y, opts);
  const oneHot = (id: number): Tensor => tensor([Array.from({ length: k }, (_, j) => (j === id ? 1 : 0))], { backend: "js" });
  let h: Tensor = tensor([new Array<number>(d).fill(0)], { backend: "js" });
  let loss: Tensor | null = null;
  fx.xIds.forEach((id, t) => {
    // Row vectors [1, ·]: a = h W_Hᵀ + x W_Xᵀ + b_h, z = h W_Yᵀ + b_y.
    let a = matmul(h, leaves.W_H.transpose()).add(matmul(oneHot(id), leaves.W_X.transpose()));
    if (leaves.b_h) a = a.add(leaves.b_h);
    h = tanh(a);
    let z = matmul(h, leaves.W_Y.transpose());
    if (leaves.b_y) z = z.add(leaves.b_y);
    const stepLoss = logSoftmax(z, -1).mul(oneHot(fx.targetIds[t])).sum().neg();
    loss = loss ? loss.add(stepLoss) : stepLoss;
  });
  loss!.backward();
  const grads: Record<string, number[]> = {};
  for (const [name, leaf] of Object.entries(leaves)) grads[name] = Array.from(leaf.grad!.data());
  return { loss: loss!.item(), grads };
}
