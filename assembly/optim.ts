// Optimizer updates on the parameter's own storage: one pass over p, g and the moments, instead
// of copying them out to float64 arrays and back every step.

/**
 * One Adam/AdamW step (PyTorch's rule) over n elements, with the step's scalars computed by the
 * caller: g ← ±g (flags bit 1: maximize); p ← decay·p (AdamW: 1 − lr·wd, else 1);
 * g ← g + wd·p (Adam's coupled decay, else wd = 0); m ← b1·m + (1−b1)·g; v ← b2·v + (1−b2)·g²;
 * s = v, or with amsgrad (vmax ≠ 0) vmax ← max(vmax, v), s = vmax;
 * p ← p − stepSize·m / (√s / bc2Sqrt + eps).
 */
export function adam_step(
  p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  stepSize: f32, b1: f32, b2: f32, bc2Sqrt: f32, eps: f32, wd: f32, decay: f32, flags: i32,
): void {
  const maximize = (flags & 1) != 0;
  const c1: f32 = 1 - b1, c2: f32 = 1 - b2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
    const vwd = f32x4.splat(wd), vdecay = f32x4.splat(decay), vstep = f32x4.splat(stepSize);
    const vbc2 = f32x4.splat(bc2Sqrt), veps = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      let gi = v128.load(g + off);
      if (maximize) gi = f32x4.neg(gi);
      const pi = f32x4.mul(v128.load(p + off), vdecay);
      gi = f32x4.add(gi, f32x4.mul(vwd, pi));
      const mi = f32x4.add(f32x4.mul(v128.load(m + off), vb1), f32x4.mul(vc1, gi));
      const vi = f32x4.add(f32x4.mul(v128.load(v + off), vb2), f32x4.mul(f32x4.mul(vc2, gi), gi));
      v128.store(m + off, mi);
      v128.store(v + off, vi);
      let s = vi;
      if (vmax != 0) {
        s = f32x4.max(v128.load(vmax + off), vi);
        v128.store(vmax + off, s);
      }
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(s), vbc2), veps);
      v128.store(p + off, f32x4.sub(pi, f32x4.div(f32x4.mul(vstep, mi), denom)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    let gi = load<f32>(g + off);
    if (maximize) gi = -gi;
    const pi = load<f32>(p + off) * decay;
    gi = gi + wd * pi;
    const mi = load<f32>(m + off) * b1 + c1 * gi;
    const vi = load<f32>(v + off) * b2 + c2 * gi * gi;
    store<f32>(m + off, mi);
    store<f32>(v + off, vi);
    let s = vi;
    if (vmax != 0) {
      s = max(load<f32>(vmax + off), vi);
      store<f32>(vmax + off, s);
    }
    store<f32>(p + off, pi - (stepSize * mi) / (Mathf.sqrt(s) / bc2Sqrt + eps));
  }
}
