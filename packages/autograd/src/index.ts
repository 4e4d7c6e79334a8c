// @tapegrad/autograd: a tape-based autograd Tensor on the tapegrad kernels (wasm float32) and
// their TypeScript twins (js float64). The public names follow docs/autograd-api.md.
// methods.ts attaches the op methods to Tensor.prototype; importing Tensor from it guarantees that.
export { Tensor } from "./methods";
export type { NestedArray, OpDef } from "./tensor";
export { getBackend, setDefaultBackend, getDefaultBackend, type Backend, type BackendName, type DType, type Store } from "./backend/index";
export { tensor, zeros, ones, full, fullLike, randn, rand, uniform, arange, BACKEND_KIND, GENERATOR_KIND, type TensorOptions, type RandomOptions } from "./creation";
export { checkOptions, describeValue, suggest, type OptionKind, type OptionSpec } from "./options";
export { Generator, manualSeed, getDefaultGenerator } from "./generator";
export { scope, noGrad, isGradEnabled, liveTensorCount, nextTensorId } from "./scope";
export { zeroGrad, type BackwardOptions } from "./tape";
import { debugFromEnvironment } from "./debug";
export { trackLeaks, noteOptimizerStep, detectAnomaly, type LeakTrackingOptions } from "./debug";
export { gradcheck, type GradcheckOptions, type GradcheckResult } from "./gradcheck";
export { toDot } from "./dot";

export { add, sub, mul, div, neg } from "./ops/elementwise";
export { exp, log, sqrt, tanh, sigmoid, relu, gelu, geluApproximation, abs, type GeluOptions } from "./ops/unary";
export { pow, square, clamp } from "./ops/pow";
export { matmul, linear } from "./ops/matmul";
export { reshape, permute, transpose } from "./ops/shape";
export { narrow, select, slice, split, chunk, cat, concat, stack } from "./ops/slicing";
export { indexSelect } from "./ops/index-select";
export { sum, mean, max } from "./ops/reduce";
export { softmax, logSoftmax } from "./ops/softmax";
export { where, maskedFill, dropout, type DropoutOptions } from "./ops/where";
export { argmax, argmin, topk, type TopkOptions } from "./ops/arg-reduce";
export { gather } from "./ops/gather";
export { eq, ne, lt, le, gt, ge } from "./ops/comparison";
export { clone } from "./ops/clone";
export type { IndexInput } from "./ops/indices";
export { lstmCell, gruCell } from "./ops/cells";
export { binaryCrossEntropyPerElement } from "./ops/bce";
export { bceWithLogits, type BceWithLogitsOptions, type LossReduction } from "./ops/bce-logits";

// Threads (torch.set_num_threads): the setting and the worker channel live with the kernels.
export { getNumThreads, setNumThreads, usableThreads, ThreadWorker, serveRequests, type Reply } from "@tapegrad/kernels";

// TAPEGRAD_DEBUG=leaks,anomaly turns the debugging aids on without code changes.
debugFromEnvironment();
