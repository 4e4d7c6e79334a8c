// Fused recurrent-cell ops: the element-wise part of one LSTM or GRU step as one kernel forward
// and one kernel per output backward, instead of a dozen slices and element-wise ops each way.
// They compute exactly the formulas of the plain-op cells (PyTorch's), which stay the reference:
// tests hold the two equal, and gradcheck checks these rules in float64.
import type { Store } from "../backend/index";
import { empty, gradStore, record, recordWithAux } from "../tape";
import type { Tensor, OpDef } from "../tensor";
import { checkTensor, fmt, sameBackend } from "./helpers";

interface CellArgs { batch: number; hidden: number }

function cellDims(op: string, x: Tensor, gatesName: string, gateCount: number): CellArgs {
  if (x.shape.length !== 2 || x.shape[1] % gateCount !== 0 || x.shape[1] === 0) {
    throw new Error(`${op}: ${gatesName} must be [batch, ${gateCount}·hidden], got ${fmt(x.shape)}`);
  }
  return { batch: x.shape[0], hidden: x.shape[1] / gateCount };
}

function checkState(op: string, name: string, t: Tensor, batch: number, hidden: number): void {
  if (t.shape.length !== 2 || t.shape[0] !== batch || t.shape[1] !== hidden) {
    throw new Error(`${op}: ${name} must be [${batch}, ${hidden}] (batch, hidden), got ${fmt(t.shape)}`);
  }
}

// LSTM: c (inputs gates, cPrev) holds the saved activations; h (inputs c, gates) reads them
// through c. h is made after c, so its rule runs first and hands c the dh share of dc.
const LSTM_C: OpDef = {
  name: "lstmCell.c",
  backward(out, g) {
    const gates = out._inputs![0], cPrev = out._inputs![1];
    const { batch, hidden } = out._args as CellArgs;
    const dg = gates._requiresGrad ? gradStore(gates) : null;
    const dp = cPrev._requiresGrad ? gradStore(cPrev) : null;
    if (dg === null && dp === null) return;
    out.backend.lstmCBackward(dg, dp, g, out._aux as Store, cPrev.storeFor("lstmCell backward"), batch, hidden);
  },
};

const LSTM_H: OpDef = {
  name: "lstmCell.h",
  backward(out, g) {
    const c = out._inputs![0], gates = out._inputs![1];
    const { batch, hidden } = out._args as CellArgs;
    const act = c._aux as Store | null;
    if (act === null) throw new Error("lstmCell backward: the saved gates of c were freed before backward reached h");
    const dg = gates._requiresGrad ? gradStore(gates) : null;
    // c needs a gradient whenever h has one (c depends on gates too), so gradStore(c) is there.
    out.backend.lstmHBackward(dg, gradStore(c)!, g, act, batch, hidden);
  },
};

/**
 * One LSTM step after the matmuls: `gates` [B, 4H] = W_ih x + b_ih + W_hh h + b_hh (PyTorch's
 * i, f, g, o blocks) and `c` [B, H] → the new { h, c }.
 */
export function lstmCell(gates: Tensor, c: Tensor): { h: Tensor; c: Tensor } {
  const op = "lstmCell";
  checkTensor(op, "gates", gates);
  checkTensor(op, "c", c);
  const be = sameBackend(op, gates, c);
  const args = cellDims(op, gates, "gates", 4);
  const { batch, hidden } = args;
  checkState(op, "c", c, batch, hidden);
  const act = be.alloc(batch * 5 * hidden, false);
  const cOut = empty(be, [batch, hidden], batch * hidden);
  const hOut = empty(be, [batch, hidden], batch * hidden);
  be.lstmCell(act, cOut._store!, hOut._store!, gates._store!, c._store!, batch, hidden);
  recordWithAux(cOut, LSTM_C, [gates, c], args, act, () => be.free(act));
  if (cOut._op === LSTM_C) record(hOut, LSTM_H, [cOut, gates], args);
  return { h: hOut, c: cOut };
}

interface GruArgs extends CellArgs { bias: Tensor | null }

const GRU: OpDef = {
  name: "gruCell",
  backward(out, g) {
    const inputs = out._inputs!;
    const xp = inputs[0], gh = inputs[1], hPrev = inputs[2];
    const { batch, hidden, bias } = out._args as GruArgs;
    const be = out.backend;
    const act = out._aux as Store;
    const hp = hPrev.storeFor("gruCell backward");
    const dx = xp._requiresGrad ? gradStore(xp) : null;
    const dh = hPrev._requiresGrad ? gradStore(hPrev) : null;
    if (bias === null || !bias._requiresGrad) {
      be.gruCellBackward(dx, gh._requiresGrad ? gradStore(gh) : null, dh, g, act, hp, batch, hidden);
      return;
    }
    // b_hh's gradient is dgh summed over the batch: dgh is made on its own first.
    const dgh = be.alloc(batch * 3 * hidden, true);
    be.gruCellBackward(dx, dgh, dh, g, act, hp, batch, hidden);
    be.sumAxis(gradStore(bias)!, dgh, [1, batch, 3 * hidden], true);
    if (gh._requiresGrad) be.axpy(gradStore(gh)!, dgh, 1);
    be.free(dgh);
  },
};

/**
 * One GRU step after the matmuls (PyTorch's formula): `xp` [B, 3H] = W_ih x + b_ih, `gh` [B, 3H]
 * = W_hh h, `bias` [3H] = b_hh or null, `h` [B, H] → the new h, with r, z, n in that order and
 * n = tanh(xn + r ⊙ (W_hn h + b_hn)).
 */
export function gruCell(xp: Tensor, gh: Tensor, bias: Tensor | null, h: Tensor): Tensor {
  const op = "gruCell";
  checkTensor(op, "xp", xp);
  checkTensor(op, "gh", gh);
  checkTensor(op, "h", h);
  const be = sameBackend(op, xp, gh);
  sameBackend(op, xp, h);
  const { batch, hidden } = cellDims(op, xp, "xp", 3);
  if (gh.shape.length !== 2 || gh.shape[0] !== batch || gh.shape[1] !== 3 * hidden) {
    throw new Error(`${op}: gh must be [${batch}, ${3 * hidden}] like xp, got ${fmt(gh.shape)}`);
  }
  checkState(op, "h", h, batch, hidden);
  const inputs = [xp, gh, h];
  if (bias !== null) {
    checkTensor(op, "bias", bias);
    sameBackend(op, xp, bias);
    if (bias.shape.length !== 1 || bias.shape[0] !== 3 * hidden) throw new Error(`${op}: bias must be [${3 * hidden}], got ${fmt(bias.shape)}`);
    inputs.push(bias);
  }
  const act = be.alloc(batch * 4 * hidden, false);
  const out = empty(be, [batch, hidden], batch * hidden);
  be.gruCell(act, out._store!, xp._store!, gh._store!, bias === null ? null : bias._store!, h._store!, batch, hidden);
  recordWithAux(out, GRU, inputs, { batch, hidden, bias } satisfies GruArgs, act, () => be.free(act));
  return out;
}
