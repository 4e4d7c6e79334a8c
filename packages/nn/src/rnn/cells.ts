// The recurrent cells, written once from autograd ops: one time step given the input projection
// of that step. Used by the sequence layers (RNN, LSTM, GRU) and the single-step cell modules.
// No cell has a backward of its own: the plain path is autograd's derivation of the formulas, and
// the fused path (the default) runs the element-wise part of an LSTM or GRU step as one autograd
// op (lstmCell, gruCell) with its own checked gradient rule. Tests hold the two paths equal.
// Modes, gate order and parameter layout are the shared vocabulary of @tapegrad/kernels.
import { gruCell, linear, lstmCell, sigmoid, tanh, type Tensor } from "@tapegrad/autograd";
import { GATE_COUNT, GRU_GATE, LSTM_GATE, type RecurrentMode } from "@tapegrad/kernels";

/** PyTorch's recurrent modes (RNN_TANH, RNN_RELU, LSTM, GRU). */
export type Mode = RecurrentMode;

/** Gates stacked in the weight rows: PyTorch's order LSTM i,f,g,o; GRU r,z,n. */
export const GATES = GATE_COUNT;

/** The weights one cell step needs: W_hh [G·H, H] itself (read transposed in place by `linear`). */
export interface StepWeights {
  whh: Tensor;
  /** Only GRU keeps b_hh out of the input projection (b_hn sits inside r ⊙ (…)). */
  bhh: Tensor | null;
}

/** The running state: h, and c for LSTM. */
export interface CellState {
  h: Tensor;
  c: Tensor | null;
}

/**
 * One step (`fused` = false: the plain-op reference path). `xp` [B, G·H] is W_ih x_t + b_ih (plus b_hh for RNN and LSTM, where it commutes);
 * the hidden product is one matmul for all gates, then sliced.
 */
export function cellStep(mode: Mode, xp: Tensor, state: CellState, w: StepWeights, hidden: number, fused = true): CellState {
  const H = hidden;
  if (fused && mode !== "GRU") {
    // xp + h·W_hhᵀ as one op: the matmul kernel adds xp (a full-shape bias) in its first store.
    const pre = linear(state.h, w.whh, xp);
    if (mode === "LSTM") return lstmCell(pre, state.c as Tensor);
    return { h: mode === "RNN_TANH" ? pre.tanh() : pre.relu(), c: null };
  }
  const hh = linear(state.h, w.whh); // h·W_hhᵀ for all gates at once
  if (fused) return { h: gruCell(xp, hh, w.bhh, state.h), c: null };
  switch (mode) {
    case "RNN_TANH":
      return { h: xp.add(hh).tanh(), c: null };
    case "RNN_RELU":
      return { h: xp.add(hh).relu(), c: null };
    case "LSTM": {
      const gates = xp.add(hh);
      // One sigmoid over all four gates is cheaper than three calls; the g block is taken from tanh.
      const s = sigmoid(gates);
      const block = (t: Tensor, gate: number): Tensor => t.narrow(1, gate * H, H);
      const i = block(s, LSTM_GATE.i);
      const f = block(s, LSTM_GATE.f);
      const o = block(s, LSTM_GATE.o);
      const g = tanh(block(gates, LSTM_GATE.g));
      const c = f.mul(state.c as Tensor).add(i.mul(g));
      return { h: o.mul(tanh(c)), c };
    }
    case "GRU": {
      const gh = w.bhh ? hh.add(w.bhh) : hh;
      // r and z are adjacent blocks (r, z, n): one sigmoid over both.
      const rz = sigmoid(xp.narrow(1, GRU_GATE.r * H, 2 * H).add(gh.narrow(1, GRU_GATE.r * H, 2 * H)));
      const r = rz.narrow(1, 0, H);
      const z = rz.narrow(1, (GRU_GATE.z - GRU_GATE.r) * H, H);
      const n = tanh(xp.narrow(1, GRU_GATE.n * H, H).add(r.mul(gh.narrow(1, GRU_GATE.n * H, H))));
      // (1 − z) ⊙ n + z ⊙ h, with one fewer op.
      return { h: n.add(z.mul(state.h.sub(n))), c: null };
    }
  }
}
