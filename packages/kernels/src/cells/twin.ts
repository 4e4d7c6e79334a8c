// Plain TypeScript twin of assembly/cells.ts, computed in float64 with libm's tanh and exp. Null
// stands for the kernels' zero pointer.
import type { FloatArray } from "../contract";
import { sigmoid } from "../unary/scalar";

/** LSTM step: gates [B, 4H] (i, f, g, o), cPrev [B, H] → act [B, 5H] (i, f, g, o, tanh c), c, h. */
export function lstmCell(act: FloatArray, c: FloatArray, h: FloatArray, gates: FloatArray, cPrev: FloatArray, batch: number, hidden: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < H; j++) {
      const g0 = b * 4 * H + j, a0 = b * 5 * H + j, s = b * H + j;
      const i = sigmoid(gates[g0]), f = sigmoid(gates[g0 + H]), g = Math.tanh(gates[g0 + 2 * H]), o = sigmoid(gates[g0 + 3 * H]);
      const cv = f * cPrev[s] + i * g;
      const t = Math.tanh(cv);
      act[a0] = i; act[a0 + H] = f; act[a0 + 2 * H] = g; act[a0 + 3 * H] = o; act[a0 + 4 * H] = t;
      c[s] = cv;
      h[s] = o * t;
    }
  }
}

/**
 * The whole LSTM step backward (assembly/cells.ts lstm_cell_backward): dc_t = dc + dh·o·(1−tanh²c),
 * then dgates (i, f, g, o blocks) and dcPrev = dc_t·f, written or, with `accumulate`, added.
 */
export function lstmCellBackward(
  dgates: FloatArray, dcPrev: FloatArray | null, dh: FloatArray, dc: FloatArray | null, act: FloatArray, cPrev: FloatArray,
  batch: number, hidden: number, accumulate: boolean,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < H; j++) {
      const a0 = b * 5 * H + j, s = b * H + j, g0 = b * 4 * H + j;
      const i = act[a0], f = act[a0 + H], g = act[a0 + 2 * H], o = act[a0 + 3 * H], t = act[a0 + 4 * H], d = dh[s];
      const ct = (dc ? dc[s] : 0) + d * o * (1 - t * t);
      dgates[g0] = (accumulate ? dgates[g0] : 0) + ct * g * (i * (1 - i));
      dgates[g0 + H] = (accumulate ? dgates[g0 + H] : 0) + ct * cPrev[s] * (f * (1 - f));
      dgates[g0 + 2 * H] = (accumulate ? dgates[g0 + 2 * H] : 0) + ct * i * (1 - g * g);
      dgates[g0 + 3 * H] = (accumulate ? dgates[g0 + 3 * H] : 0) + d * t * (o * (1 - o));
      if (dcPrev) dcPrev[s] = (accumulate ? dcPrev[s] : 0) + ct * f;
    }
  }
}

/** GRU step (PyTorch): act [B, 4H] = (r, z, n, W_hn h + b_hn), h = n + z·(hPrev − n). */
export function gruCell(
  act: FloatArray, h: FloatArray, xp: FloatArray, gh: FloatArray, bias: FloatArray | null, hPrev: FloatArray, batch: number, hidden: number,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < H; j++) {
      const x0 = b * 3 * H + j, a0 = b * 4 * H + j, s = b * H + j;
      const hr = gh[x0] + (bias ? bias[j] : 0), hz = gh[x0 + H] + (bias ? bias[j + H] : 0), hn = gh[x0 + 2 * H] + (bias ? bias[j + 2 * H] : 0);
      const r = sigmoid(xp[x0] + hr), z = sigmoid(xp[x0 + H] + hz);
      const n = Math.tanh(xp[x0 + 2 * H] + r * hn);
      act[a0] = r; act[a0 + H] = z; act[a0 + 2 * H] = n; act[a0 + 3 * H] = hn;
      h[s] = n + z * (hPrev[s] - n);
    }
  }
}

/** GRU backward from dh: dxp, dgh [B, 3H] and dhPrev [B, H], accumulated; null ones skipped. */
export function gruCellBackward(
  dxp: FloatArray | null, dgh: FloatArray | null, dhPrev: FloatArray | null, dh: FloatArray, act: FloatArray, hPrev: FloatArray,
  batch: number, hidden: number,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < H; j++) {
      const x0 = b * 3 * H + j, a0 = b * 4 * H + j, s = b * H + j;
      const r = act[a0], z = act[a0 + H], n = act[a0 + 2 * H], hn = act[a0 + 3 * H], d = dh[s];
      const dn = d * (1 - z) * (1 - n * n);
      const dz = d * (hPrev[s] - n) * (z * (1 - z));
      const dr = dn * hn * (r * (1 - r));
      if (dxp) { dxp[x0] += dr; dxp[x0 + H] += dz; dxp[x0 + 2 * H] += dn; }
      if (dgh) { dgh[x0] += dr; dgh[x0 + H] += dz; dgh[x0 + 2 * H] += dn * r; }
      if (dhPrev) dhPrev[s] += d * z;
    }
  }
}
