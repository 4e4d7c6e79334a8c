// Plain TypeScript twin of assembly/reductions.ts.
import type { AxisView, FloatArray } from "../contract";

/** out[o, i] (+)= Σ_j x[o, j, i]. */
export function sumAxis(out: FloatArray, x: FloatArray, [outer, n, inner]: AxisView, accumulate = false): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += x[(o * n + j) * inner + i];
      out[o * inner + i] = accumulate ? out[o * inner + i] + s : s;
    }
  }
}

/** out[o, i] = max_j x[o, j, i], and the first j attaining it in `indices` when given. */
export function maxAxis(out: FloatArray, indices: Int32Array | null, x: FloatArray, [outer, n, inner]: AxisView): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = x[o * n * inner + i];
      let at = 0;
      for (let j = 1; j < n && !Number.isNaN(best); j++) {
        const v = x[(o * n + j) * inner + i];
        if (v > best || Number.isNaN(v)) { best = v; at = j; }
      }
      out[o * inner + i] = best;
      if (indices) indices[o * inner + i] = at;
    }
  }
}

function rowMax(x: FloatArray, start: number, cols: number): number {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, x[start + j]);
  return m;
}

/** Row-wise softmax, shifted by the row maximum. */
export function softmaxRows(out: FloatArray, x: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    const m = rowMax(x, s, cols);
    let total = 0;
    for (let j = 0; j < cols; j++) total += out[s + j] = Math.exp(x[s + j] - m);
    for (let j = 0; j < cols; j++) out[s + j] /= total;
  }
}

/** Row-wise log-softmax: x − max − ln Σ e^{x − max}. */
export function logSoftmaxRows(out: FloatArray, x: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    const m = rowMax(x, s, cols);
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(x[s + j] - m);
    const lse = m + Math.log(total);
    for (let j = 0; j < cols; j++) out[s + j] = x[s + j] - lse;
  }
}

/** dx += y ⊙ (dy − Σ dy·y), per row. */
export function softmaxRowsBackward(dx: FloatArray, dy: FloatArray, y: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[s + j] * y[s + j];
    for (let j = 0; j < cols; j++) dx[s + j] += y[s + j] * (dy[s + j] - dot);
  }
}

/** dx += dy − e^y · Σ dy, per row. */
export function logSoftmaxRowsBackward(dx: FloatArray, dy: FloatArray, y: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    let total = 0;
    for (let j = 0; j < cols; j++) total += dy[s + j];
    for (let j = 0; j < cols; j++) dx[s + j] += dy[s + j] - Math.exp(y[s + j]) * total;
  }
}
