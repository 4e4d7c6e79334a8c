// Scalar float64 functions the twins share (the unary twin and the cell twins).

/** The logistic function, without overflow for large |x|. */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * The standard normal CDF Φ(x) = ½·erfc(−x/√2) in float64, within ~1e-11 relative (of Φ, and of
 * 1 − Φ): a Taylor series of erf for |x|/√2 < 2.5, a continued fraction of erfc beyond.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return x;
  const z = Math.abs(x) / Math.SQRT2;
  const tail = 0.5 * (z < 2.5 ? 1 - erfSeries(z) : erfcFraction(z));
  return x < 0 ? tail : 1 - tail;
}

/** erf z = 2/√π · Σ (−1)ⁿ z^{2n+1} / (n!(2n+1)). */
function erfSeries(z: number): number {
  let sum = 0, term = z;
  for (let n = 0; n < 200; n++) {
    const t = term / (2 * n + 1);
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
    term *= (-z * z) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc z = e^{−z²}/√π · 1/(z + ½/(z + 1/(z + 3/2/(z + …)))), evaluated from the 60th term back. */
function erfcFraction(z: number): number {
  if (z === Infinity) return 0;
  let k = z;
  for (let n = 60; n >= 1; n--) k = z + n / 2 / k;
  return Math.exp(-z * z) / Math.sqrt(Math.PI) / k;
}
