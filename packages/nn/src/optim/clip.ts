// Gradient clipping by total norm (PyTorch torch.nn.utils.clip_grad_norm_).
import { checkOptions, type Tensor } from "@tapegrad/autograd";

/**
 * Scales every gradient by min(1, maxNorm / (total + 1e-6)) and returns the total norm (before
 * clipping) of all gradients taken together as one vector. normType: any p ≥ 1, or Infinity.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, normType = 2, options: { errorIfNonfinite?: boolean } = {}): number {
  const errorIfNonfinite = checkOptions("clipGradNorm", options, { errorIfNonfinite: "boolean" }).errorIfNonfinite ?? false;
  if (!(normType > 0)) throw new Error(`clipGradNorm: normType must be positive (or Infinity), got ${normType}`);
  const grads = [...params].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  const values = grads.map((g) => g.data());
  let total = 0;
  if (normType === Infinity) {
    for (const v of values) for (let i = 0; i < v.length; i++) total = Math.max(total, Math.abs(v[i]));
  } else {
    for (const v of values) for (let i = 0; i < v.length; i++) total += Math.abs(v[i]) ** normType;
    total = total ** (1 / normType);
  }
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(`clipGradNorm: the total norm of order ${normType} for gradients is non-finite (${total})`);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    // In place, one scale kernel per gradient (float32 on wasm, as PyTorch scales float32 grads).
    for (const g of grads) g.mul_(coef);
  }
  return total;
}

/** Clamps every gradient element to [−clipValue, clipValue] in place (PyTorch clip_grad_value_). */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(typeof clipValue === "number" && clipValue >= 0)) throw new Error(`clipGradValue: clipValue must be a non-negative number, got ${String(clipValue)}`);
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    const v = g.backend.view(g.storeForWrite("clipGradValue"));
    // NaN stays NaN, as with torch.clamp_.
    for (let i = 0; i < v.length; i++) if (v[i] > clipValue) v[i] = clipValue; else if (v[i] < -clipValue) v[i] = -clipValue;
  }
}
