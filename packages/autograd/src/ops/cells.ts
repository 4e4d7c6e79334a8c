// Fused recurrent-cell ops: the element-wise part of one LSTM or GRU step as one kernel forward
// and one kernel backward, instead of a dozen slices and element-wise ops each way. The LSTM cell
// has two outputs (h, c) and is one tape node.
// They compute exactly the formulas of the plain-op cells (PyTorch's), which stay the reference:
// tests hold the two equal, and gradcheck checks these rules in float64.
import type { Backend, Store } from "../backend/index";
import { empty, freshGradStore, gradStore, hasNoGrad, record, recordMulti } from "../tape";
import type { MultiOutputOpDef, OpDef, Tensor } from "../tensor";
import { checkTensor, fmt, sameBackend } from "./helpers";

function cellDims(op: string, x: Tensor, gatesName: string, gateCount: number): { batch: number; hidden: number } {
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

/** What a cell's backward reads: its sizes and the activations forward kept (freed with the graph). */
interface CellSaved { batch: number; hidden: number; act: Store }

const releaseAct = (saved: CellSaved, be: Backend): void => be.free(saved.act);

// LSTM: one node with outputs [h, c] and inputs [gates, cPrev]; one fused kernel takes dh and dc
// together and writes dgates and dcPrev (act holds i, f, g, o and tanh c).
const LSTM: MultiOutputOpDef<CellSaved> = {
  name: "lstmCell",
  multiOutput: true,
  backward(outputs, grads, { batch, hidden, act }) {
    const inputs = outputs[0]._inputs!;
    const gates = inputs[0], cPrev = inputs[1];
    const be = gates.backend;
    const needGates = gates._requiresGrad, needC = cPrev._requiresGrad;
    // Written fresh (no zero-fill first) when no target holds a gradient yet, else added to.
    const fresh = (!needGates || hasNoGrad(gates)) && (!needC || hasNoGrad(cPrev));
    const store = (t: Tensor): Store => (fresh ? freshGradStore(t)! : gradStore(t)!);
    const scratchGates = needGates ? null : be.alloc(batch * 4 * hidden, !fresh);
    const dh = grads[0] ?? be.alloc(batch * hidden, true);
    be.lstmCellBackward(
      scratchGates ?? store(gates), needC ? store(cPrev) : null, dh, grads[1], act, cPrev.storeFor("lstmCell backward"),
      batch, hidden, !fresh,
    );
    if (scratchGates !== null) be.free(scratchGates);
    if (dh !== grads[0]) be.free(dh);
  },
  release: releaseAct,
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
  const { batch, hidden } = cellDims(op, gates, "gates", 4);
  checkState(op, "c", c, batch, hidden);
  const act = be.alloc(batch * 5 * hidden, false);
  const hOut = empty(be, [batch, hidden], batch * hidden);
  const cOut = empty(be, [batch, hidden], batch * hidden);
  be.lstmCell(act, cOut._store!, hOut._store!, gates._store!, c._store!, batch, hidden);
  recordMulti([hOut, cOut], LSTM, [gates, c], { batch, hidden, act });
  return { h: hOut, c: cOut };
}

const GRU: OpDef<CellSaved> = {
  name: "gruCell",
  backward(out, g, { batch, hidden, act }) {
    const inputs = out._inputs!;
    const xp = inputs[0], gh = inputs[1], hPrev = inputs[2], bias = inputs.length > 3 ? inputs[3] : null;
    const be = out.backend;
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
  release: releaseAct,
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
  record(out, GRU, inputs, { batch, hidden, act });
  return out;
}
