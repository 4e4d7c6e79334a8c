// Matrix products: [M,K]·[K,N], batched [B,M,K]·[B,K,N], and [B,M,K]·[K,N] (the 2-D factor is
// shared by every batch, so it is one [B·M,K]·[K,N] product); linear, x·Wᵀ + b. Backward uses the kernel's
// transposed variants with accumulate, so no transpose is ever materialised, and a transposed
// operand (matmul(a, transpose(b)), PyTorch's a @ b.T) is read in place by the same variants.
import { empty, gradStore, passGrad, record, freshGradStore } from "../tape";
import type { Backend, Operand } from "../backend/index";
import type { Tensor, OpDef } from "../tensor";
import { checkTensor, fmt, sameBackend, sameShape } from "./helpers";

interface Dims { batch: number; m: number; k: number; n: number; batchedB: boolean; transA: boolean; transB: boolean }

/** out (+)= op(x)·op(y), [m, k]·[k, n], where op transposes the operands whose flag is set (read in place). */
function product(be: Backend, x: Operand, tx: boolean, y: Operand, ty: boolean, out: Operand, m: number, n: number, k: number, accumulate: boolean): void {
  be.matmul(x, y, out, { m, n, k, transA: tx, transB: ty, accumulate });
}

const MATMUL: OpDef<Dims> = {
  name: "matmul",
  backward(out, g, { batch, m, k, n, batchedB, transA, transB }) {
    // The inputs are the operands as stored: for a transposed operand (transA/transB) its source.
    const a = out._inputs![0], b = out._inputs![1];
    const be = out.backend;
    const sa = a.storeFor("matmul backward"), sb = b.storeFor("matmul backward");
    // C = op(A)·op(B): d op(A) = g·op(B)ᵀ, d op(B) = op(A)ᵀ·g; a stored-transposed operand takes the
    // transpose of its gradient, which is the same product with the factors swapped and flipped.
    const gradA = (dst: Operand, gi: Operand, bi: Operand, rows: number, acc: boolean) =>
      transA ? product(be, bi, transB, gi, true, dst, k, rows, n, acc) : product(be, gi, false, bi, !transB, dst, rows, k, n, acc);
    const gradB = (dst: Operand, gi: Operand, ai: Operand, rows: number, acc: boolean) =>
      transB ? product(be, gi, true, ai, transA, dst, n, k, rows, acc) : product(be, ai, !transA, gi, false, dst, k, n, rows, acc);
    if (!batchedB) {
      const rows = batch * m;
      if (a._requiresGrad) {
        const fresh = n > 0 ? freshGradStore(a) : null;
        gradA(fresh ?? gradStore(a)!, g, sb, rows, fresh === null);
      }
      if (b._requiresGrad) {
        const fresh = rows > 0 ? freshGradStore(b) : null;
        gradB(fresh ?? gradStore(b)!, g, sa, rows, fresh === null);
      }
      return;
    }
    const ga = a._requiresGrad ? gradStore(a)! : null;
    const gb = b._requiresGrad ? gradStore(b)! : null;
    for (let i = 0; i < batch; i++) {
      // Views are made right before each call: a kernel may grow memory and detach older ones.
      if (ga !== null) gradA(be.range(ga, i * m * k, m * k), be.range(g, i * m * n, m * n), be.range(sb, i * k * n, k * n), m, true);
      if (gb !== null) gradB(be.range(gb, i * k * n, k * n), be.range(g, i * m * n, m * n), be.range(sa, i * m * k, m * k), m, true);
    }
  },
};

/**
 * The tensor matmul reads for operand `t`: the source of a transpose of the last two axes (read
 * transposed in place, gradient straight to the source: no copy either way), else `t` itself.
 * `rowsAcrossBatch` is set for a 3-D `a` times a 2-D `b`, one product over all batch rows, which a
 * transposed 3-D `a` cannot join.
 */
function operand(t: Tensor, rowsAcrossBatch: boolean): { t: Tensor; trans: boolean } {
  const src = t._transposeOf;
  if (src === null || src.isDisposed || (rowsAcrossBatch && t.shape.length === 3)) return { t, trans: false };
  return { t: src, trans: true };
}

/** Matrix product (2-D, batched 3-D, or 3-D by a shared 2-D); a transposed operand is read in place. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor("matmul", "a", a);
  checkTensor("matmul", "b", b);
  const be = sameBackend("matmul", a, b);
  const ra = a.shape.length, rb = b.shape.length;
  if ((ra !== 2 && ra !== 3) || rb !== 2 && (rb !== 3 || ra !== 3)) {
    throw new Error(`matmul: ${fmt(a.shape)} x ${fmt(b.shape)}: expected 2-D x 2-D, 3-D x 3-D or 3-D x 2-D operands`);
  }
  const batch = ra === 3 ? a.shape[0] : 1;
  const m = a.shape[ra - 2], k = a.shape[ra - 1];
  const kb = b.shape[rb - 2], n = b.shape[rb - 1];
  if (k !== kb) throw new Error(`matmul: ${fmt(a.shape)} x ${fmt(b.shape)}: inner sizes ${k} and ${kb} differ`);
  const batchedB = rb === 3;
  if (batchedB && b.shape[0] !== batch) {
    throw new Error(`matmul: ${fmt(a.shape)} x ${fmt(b.shape)}: batch sizes ${batch} and ${b.shape[0]} differ`);
  }
  const shape = ra === 3 ? [batch, m, n] : [m, n];
  const out = empty(be, shape, batch * m * n);
  const A = operand(a, !batchedB), B = operand(b, false);
  const sa = A.t._store!, sb = B.t._store!, so = out._store!;
  const transA = A.trans, transB = B.trans;
  if (!batchedB) {
    product(be, sa, transA, sb, transB, so, batch * m, n, k, false);
  } else {
    for (let i = 0; i < batch; i++) {
      product(be, be.range(sa, i * m * k, m * k), transA, be.range(sb, i * k * n, k * n), transB, be.range(so, i * m * n, m * n), m, n, k, false);
    }
  }
  record(out, MATMUL, [A.t, B.t], { batch, m, k, n, batchedB, transA, transB });
  return out;
}

interface LinearArgs { rows: number; inF: number; outF: number }

const LINEAR: OpDef<LinearArgs> = {
  name: "linear",
  backward(out, g, { rows, inF, outF }) {
    const inputs = out._inputs!;
    const x = inputs[0], w = inputs[1], bias = inputs.length > 2 ? inputs[2] : null;
    const be = out.backend;
    // dX += g·W ; dW += gᵀ·X ; db += Σ_rows g
    if (x._requiresGrad) {
      const fresh = outF > 0 ? freshGradStore(x) : null;
      be.matmul(g, w.storeFor("linear backward"), fresh ?? gradStore(x)!, { m: rows, n: inF, k: outF, accumulate: fresh === null });
    }
    if (w._requiresGrad) {
      const fresh = rows > 0 ? freshGradStore(w) : null;
      be.matmul(g, x.storeFor("linear backward"), fresh ?? gradStore(w)!, { m: outF, n: inF, k: rows, transA: true, accumulate: fresh === null });
    }
    if (bias === null || !bias._requiresGrad) return;
    // Last: a full-shape addend may take g itself over.
    if (bias.size === out.size) passGrad(bias, g, out);
    else be.sumAxis(gradStore(bias)!, g, [1, rows, outF], true);
  },
};

/**
 * x·Wᵀ + b over the last dimension (torch.nn.functional.linear): x [..., in], weight [out, in],
 * bias [out] or absent → [..., out]. A bias of the output's own shape is added as is (torch.addmm:
 * a recurrent step's input projection plus the hidden product, in one op). One product with W
 * read transposed in place (no transpose is made); the bias, [out] or full-shape, is added by the
 * product's own first store (no pass over the output of its own; a full-shape bias used to be
 * copied in first and the product accumulated onto it: a pass of its own, 1–2% of the LSTM small
 * training step in CPU profiles).
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const op = "linear";
  checkTensor(op, "x", x);
  checkTensor(op, "weight", weight);
  const be = sameBackend(op, x, weight);
  if (weight.shape.length !== 2) throw new Error(`${op}: weight must be 2-D [out, in], got ${fmt(weight.shape)}`);
  const [outF, inF] = weight.shape;
  if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inF) {
    throw new Error(`${op}: x ${fmt(x.shape)} x weight ${fmt(weight.shape)}ᵀ: x's last size must be ${inF} (weight is [out, in])`);
  }
  const shape = x.shape.slice(0, -1);
  let rows = 1;
  for (let i = 0; i < shape.length; i++) rows *= shape[i];
  shape.push(outF);
  const out = empty(be, shape, rows * outF);
  const inputs = [x, weight];
  if (bias !== undefined && bias !== null) {
    checkTensor(op, "bias", bias);
    sameBackend(op, x, bias);
    const perColumn = bias.shape.length === 1 && bias.shape[0] === outF;
    if (!perColumn && !sameShape(bias.shape, shape)) {
      throw new Error(`${op}: bias must be [${outF}] or the output's shape ${fmt(shape)}, got ${fmt(bias.shape)}`);
    }
    inputs.push(bias);
    // The kernel adds either bias in the first store of the product (a full-shape one is addmm's input).
    be.matmul(x._store!, weight._store!, out._store!, { m: rows, n: outF, k: inF, transB: true }, bias._store!);
  } else {
    be.matmul(x._store!, weight._store!, out._store!, { m: rows, n: outF, k: inF, transB: true });
  }
  record(out, LINEAR, inputs, { rows, inF, outF });
  return out;
}
