// Softmax and log-softmax along an axis: the kernels' stable row-wise versions on the last axis;
// any other axis is moved last and back (composite, no rule of its own).
import { empty, gradStore, record } from "../tape";
import type { Tensor, OpDef } from "../tensor";
import { checkTensor, normDim } from "./helpers";
import { transpose } from "./shape";

const rowsOf = (out: Tensor): [number, number] => {
  const cols = out.shape.length === 0 ? 1 : out.shape[out.shape.length - 1];
  return [cols === 0 ? 0 : out.size / cols, cols];
};

const SOFTMAX: OpDef = {
  name: "softmax",
  backward(out, g) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const [rows, cols] = rowsOf(out);
    out.backend.softmaxRowsBackward(gradStore(x)!, g, out._store!, rows, cols);
  },
};

const LOG_SOFTMAX: OpDef = {
  name: "logSoftmax",
  backward(out, g) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const [rows, cols] = rowsOf(out);
    out.backend.logSoftmaxRowsBackward(gradStore(x)!, g, out._store!, rows, cols);
  },
};

function rowwise(def: OpDef, x: Tensor, dim: number): Tensor {
  checkTensor(def.name, "x", x);
  const nd = x.shape.length;
  const d = normDim(def.name, dim, nd);
  if (nd > 0 && d !== nd - 1) return transpose(rowwise(def, transpose(x, d, -1), -1), d, -1);
  const be = x.backend;
  const out = empty(be, x.shape, x.size);
  const [rows, cols] = rowsOf(out);
  if (def === SOFTMAX) be.softmaxRows(out._store!, x._store!, rows, cols);
  else be.logSoftmaxRows(out._store!, x._store!, rows, cols);
  record(out, def, [x], null);
  return out;
}

/** Softmax along `dim` (stable: shifted by the maximum). */
export const softmax = (x: Tensor, dim = -1): Tensor => rowwise(SOFTMAX, x, dim);
/** Log-softmax along `dim` (stable). */
export const logSoftmax = (x: Tensor, dim = -1): Tensor => rowwise(LOG_SOFTMAX, x, dim);
