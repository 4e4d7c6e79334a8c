// Plain TypeScript twin of assembly/optim.ts, in float64: the same expressions in the same order
// as the float64 optimizer loops, so the js backend's results do not change.
import type { AdamStepScalars, FloatArray } from "../contract";

/** One Adam/AdamW step over p, g and the moments m, v (and vmax with amsgrad); see Kernels.adamStep. */
export function adamStep(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, vmax: FloatArray | null, s: AdamStepScalars): void {
  const { stepSize, beta1: b1, beta2: b2, bc2Sqrt, eps, weightDecay: wd, decay, maximize } = s;
  for (let i = 0; i < p.length; i++) {
    let gi = maximize ? -g[i] : g[i];
    const pi = decay === 1 ? p[i] : p[i] * decay;
    if (wd !== 0) gi += wd * pi;
    m[i] = m[i] * b1 + (1 - b1) * gi;
    v[i] = v[i] * b2 + (1 - b2) * gi * gi;
    let sq = v[i];
    if (vmax) sq = vmax[i] = Math.max(vmax[i], sq);
    p[i] = pi - (stepSize * m[i]) / (Math.sqrt(sq) / bc2Sqrt + eps);
  }
}
