// Plain TypeScript twin of assembly/matmul.ts: the reference the fast kernel is tested against,
// and (over Float64Array) the compute of the float64 backend.
import type { FloatArray, MatmulDims } from "../contract";

/** c (+)= bias + op(a)·op(b), row-major; op(a) is m×k, op(b) is k×n; the optional bias is one row [n] or m×n. */
export function matmul(a: FloatArray, b: FloatArray, c: FloatArray, dims: MatmulDims, bias: FloatArray | null = null): void {
  const { m, n, k, transA = false, transB = false, accumulate = false } = dims;
  // Element (i, p) of op(A) is a[i*ai + p*ap]; likewise for op(B).
  const ai = transA ? 1 : k, ap = transA ? m : 1;
  const bp = transB ? 1 : n, bj = transB ? k : 1;
  const biasRow = bias !== null && bias.length === m * n ? n : 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * ai + p * ap] * b[p * bp + j * bj];
      if (bias !== null) s += bias[i * biasRow + j];
      c[i * n + j] = accumulate ? c[i * n + j] + s : s;
    }
  }
}
