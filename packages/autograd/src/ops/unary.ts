// Elementwise functions with one kernel each way. tanh, sigmoid, relu and gelu (both forms) have
// fused backward kernels; exp, log and sqrt express their derivative with one binary kernel; abs's
// is an element loop.
import type { UnaryBackwardOp, UnaryOp } from "@tapegrad/kernels";
import { empty, gradStore, record } from "../tape";
import { Tensor, type OpDef } from "../tensor";
import { checkOptions, type OptionSpec } from "../options";
import { checkTensor } from "./helpers";

function unaryForward(def: OpDef, kop: UnaryOp, x: Tensor): Tensor {
  checkTensor(kop, "x", x);
  const be = x.backend;
  const out = empty(be, x.shape, x.size);
  be.unary(kop, out._store!, x._store!);
  record(out, def, [x], null);
  return out;
}

/** tanh and sigmoid keep their output for backward; relu and gelu (both forms) their input. */
const fused = (name: UnaryBackwardOp, fromOutput: boolean): OpDef => ({
  name,
  backward(out, g) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const saved = fromOutput ? out._store! : x.storeFor(`${name} backward`);
    out.backend.unaryBackward(name, gradStore(x)!, g, saved);
  },
});

const TANH = fused("tanh", true);
const SIGMOID = fused("sigmoid", true);
const RELU = fused("relu", false);
const GELU = fused("gelu", false);
const GELU_TANH = fused("geluTanh", false);

const EXP: OpDef = {
  name: "exp",
  backward(out, g) {
    const x = out._inputs![0];
    if (x._requiresGrad) out.backend.binary("mul", gradStore(x)!, g, out._store!, { accumulate: true });
  },
};

const LOG: OpDef = {
  name: "log",
  backward(out, g) {
    const x = out._inputs![0];
    if (x._requiresGrad) out.backend.binary("div", gradStore(x)!, g, x.storeFor("log backward"), { accumulate: true });
  },
};

const SQRT: OpDef = {
  name: "sqrt",
  backward(out, g) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    // d√x = 1 / (2√x)
    const be = out.backend;
    const tmp = be.alloc(out.size, false);
    be.binary("div", tmp, g, out._store!);
    be.axpy(gradStore(x)!, tmp, 0.5);
    be.free(tmp);
  },
};

const ABS: OpDef = {
  name: "abs",
  backward(out, g) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    // g·sign(x) with sign(0) = sign(NaN) = 0, as PyTorch's abs backward. No sign kernel, so an
    // element loop (the gradient store is taken first: allocating may move wasm memory).
    const be = out.backend;
    const dx = be.view(gradStore(x)!), gv = be.view(g), xv = be.view(x.storeFor("abs backward"));
    for (let i = 0; i < dx.length; i++) dx[i] += xv[i] > 0 ? gv[i] : xv[i] < 0 ? -gv[i] : 0;
  },
};

/** Elementwise tanh. */
export const tanh = (x: Tensor): Tensor => unaryForward(TANH, "tanh", x);
/** Elementwise logistic sigmoid. */
export const sigmoid = (x: Tensor): Tensor => unaryForward(SIGMOID, "sigmoid", x);
/** Elementwise |x|; its gradient at 0 is 0, as PyTorch's. */
export const abs = (x: Tensor): Tensor => unaryForward(ABS, "abs", x);
/** Elementwise max(x, 0). */
export const relu = (x: Tensor): Tensor => unaryForward(RELU, "relu", x);
export interface GeluOptions {
  /** "none" (default): x·Φ(x) exactly; "tanh": ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as PyTorch's approximate="tanh". */
  approximate?: "none" | "tanh";
}

/** Elementwise x·Φ(x), Φ the standard normal CDF, or its tanh approximation (torch.nn.functional.gelu). */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = geluApproximation("gelu", options);
  return approximate === "tanh" ? unaryForward(GELU_TANH, "geluTanh", x) : unaryForward(GELU, "gelu", x);
}

const GELU_OPTIONS: OptionSpec<GeluOptions> = { approximate: "any" };

/** Checks gelu's options (PyTorch's wording for a bad `approximate`) and returns the form. */
export function geluApproximation(where: string, options: GeluOptions): "none" | "tanh" {
  const a = checkOptions(where, options, GELU_OPTIONS).approximate ?? "none";
  if (a !== "none" && a !== "tanh") throw new Error(`${where}: approximate argument must be either none or tanh, got ${JSON.stringify(a)}`);
  return a;
}
/** Elementwise eˣ. */
export const exp = (x: Tensor): Tensor => unaryForward(EXP, "exp", x);
/** Elementwise natural logarithm. */
export const log = (x: Tensor): Tensor => unaryForward(LOG, "log", x);
/** Elementwise square root. */
export const sqrt = (x: Tensor): Tensor => unaryForward(SQRT, "sqrt", x);

export { Tensor };
