// Broadcasting binary ops. Forward is one kernel call; backward sums the incoming gradient over
// the axes an operand was broadcast along (straight into its gradient when it was not).
import type { BinaryOp } from "@tapegrad/kernels";
import type { Store } from "../backend/index";
import { empty, gradStore, record } from "../tape";
import { Tensor, type OpDef } from "../tensor";
import { broadcastShapes, checkTensor, gradBroadcast, reduceInto, sameBackend, sameShape, scalarTensor } from "./helpers";

function binaryForward(def: OpDef, kop: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const be = sameBackend(kop, a, b);
  const same = sameShape(a.shape, b.shape);
  const shape = same ? a.shape : broadcastShapes(kop, a.shape, b.shape);
  const out = empty(be, shape);
  const sa = a.storeFor(kop), sb = b.storeFor(kop), so = out._store!;
  if (same && (kop === "add" || kop === "sub")) {
    // Without broadcasting, a copy and an axpy are far cheaper to call than the strided kernel
    // (and exact: y + 1·x and y + (−1)·x round like y ± x).
    be.copy(so, sa);
    be.axpy(so, sb, kop === "add" ? 1 : -1);
  } else {
    be.binary(kop, so, sa, sb, same ? undefined : { aShape: a.shape, bShape: b.shape });
  }
  record(out, def, [a, b], null);
  return out;
}

/** One input's share of a product-like rule: dt += reduce(g ∘ other), over the broadcast axes. */
export function gradTimes(kop: "mul" | "div", t: Tensor, g: Store, other: Tensor, out: Tensor): void {
  if (!t._requiresGrad) return;
  const be = out.backend;
  const o = other.storeFor(`${out._op!.name} backward`);
  const shapes = other.size === out.size ? { accumulate: true } : { aShape: out.shape, bShape: other.shape, accumulate: true };
  if (t.size === out.size) {
    be.binary(kop, gradStore(t)!, g, o, shapes);
    return;
  }
  const tmp = be.alloc(out.size, false);
  shapes.accumulate = false;
  be.binary(kop, tmp, g, o, shapes);
  reduceInto(be, gradStore(t)!, tmp, out.shape, t.shape, 1, true);
  be.free(tmp);
}

const ADD: OpDef = {
  name: "add",
  readsInputs: false,
  backward(out, g) {
    const inputs = out._inputs!;
    gradBroadcast(inputs[0], g, out, 1, out);
    gradBroadcast(inputs[1], g, out, 1, out);
  },
};

const SUB: OpDef = {
  name: "sub",
  readsInputs: false,
  backward(out, g) {
    const inputs = out._inputs!;
    // b first: the a share may hand g itself over to a.
    gradBroadcast(inputs[1], g, out, -1, out);
    gradBroadcast(inputs[0], g, out, 1, out);
  },
};

const MUL: OpDef = {
  name: "mul",
  backward(out, g) {
    const a = out._inputs![0], b = out._inputs![1];
    gradTimes("mul", a, g, b, out);
    gradTimes("mul", b, g, a, out);
  },
};

const DIV: OpDef = {
  name: "div",
  backward(out, g) {
    const a = out._inputs![0], b = out._inputs![1];
    if (b._requiresGrad) {
      // d(a/b)/db = −(a/b)/b, so db += reduce(−g·out/b).
      const be = out.backend;
      const tmp = be.alloc(out.size, false);
      be.binary("div", tmp, out.storeFor("div backward"), b.storeFor("div backward"), { aShape: out.shape, bShape: b.shape });
      be.binary("mul", tmp, tmp, g);
      reduceInto(be, gradStore(b)!, tmp, out.shape, b.shape, -1, true);
      be.free(tmp);
    }
    gradTimes("div", a, g, b, out);
  },
};

/** x·alpha for a number alpha: one scale kernel forward, one axpy backward. */
const SCALE: OpDef<number> = {
  name: "mulScalar",
  readsInputs: false,
  backward(out, g, alpha) {
    const x = out._inputs![0];
    if (x._requiresGrad) out.backend.axpy(gradStore(x)!, g, alpha);
  },
};

function scaleForward(x: Tensor, alpha: number): Tensor {
  const be = x.backend;
  const out = empty(be, x.shape, x.size);
  be.scale(out._store!, x.storeFor("mul"), alpha);
  record(out, SCALE, [x], alpha);
  return out;
}

function asTensors(op: string, a: Tensor | number, b: Tensor | number): [Tensor, Tensor] {
  if (typeof a === "number") {
    if (typeof b === "number") throw new Error(`${op}: at least one operand must be a Tensor, got two numbers`);
    return [scalarTensor(checkTensor(op, "b", b).backend, a), b];
  }
  checkTensor(op, "a", a);
  if (typeof b === "number") return [a, scalarTensor(a.backend, b)];
  return [a, checkTensor(op, "b", b)];
}

/** a + b, broadcasting. */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = asTensors("add", a, b);
  return binaryForward(ADD, "add", x, y);
}

/** a − b, broadcasting. */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = asTensors("sub", a, b);
  return binaryForward(SUB, "sub", x, y);
}

/** a · b elementwise, broadcasting. */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof b === "number" && a instanceof Tensor) return scaleForward(checkTensor("mul", "a", a), b);
  if (typeof a === "number" && b instanceof Tensor) return scaleForward(checkTensor("mul", "b", b), a);
  const [x, y] = asTensors("mul", a, b);
  return binaryForward(MUL, "mul", x, y);
}

/** a / b elementwise, broadcasting. */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  // Multiplying by 1/b is exact only for a power of two; otherwise it is off by an ulp (7/3) or
  // overflows (1/subnormal = ∞ where a/b is finite), so other divisors are divided truly.
  if (typeof b === "number" && a instanceof Tensor && isPowerOfTwo(b)) return scaleForward(checkTensor("div", "a", a), 1 / b);
  const [x, y] = asTensors("div", a, b);
  return binaryForward(DIV, "div", x, y);
}

function isPowerOfTwo(b: number): boolean {
  const r = 1 / b;
  return Number.isFinite(r) && r !== 0 && Number.isInteger(Math.log2(Math.abs(b))) && Math.abs(b) >= 2 ** -1022;
}

/** −x. */
export function neg(x: Tensor): Tensor {
  return scaleForward(checkTensor("neg", "x", x), -1);
}
