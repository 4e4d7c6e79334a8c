// @tapegrad/kernels: WebAssembly SIMD kernels over float32 buffers in linear memory, and their
// plain TypeScript twins, both implementing one contract (KernelSet).
import { createKernels, type Kernels } from "./kernels";

export { createKernels, type Kernels, type KernelsOptions, type KernelMemory, type NamedKernels } from "./kernels";
export type { F32 } from "./operands";
export type { KernelExports } from "./generated/exports";
export { WasmBuffer, type F32Buffer, type I32Buffer, type ElementType } from "./buffer";
export { type MemoryStats, sizeClass } from "./allocator";
export { BUILDS, detectBuild, supportsBuild, type BuildName } from "./load";
export { broadcastShapes, broadcastStrides, coalesce, sizeOf, type Shape } from "./broadcast";
export {
  BINARY_OPS, UNARY_OPS, UNARY_BACKWARD_OPS, WithKernels,
  type KernelSet, type FloatArray, type MatmulDims, type BinaryOp, type UnaryOp, type UnaryBackwardOp,
  type BinaryShapes, type AxisView, type AdamStepScalars,
} from "./contract";
export { twins } from "./twins";
export {
  LSTM_GATE, GRU_GATE, GATE_COUNT, PARAM_NAMES, paramShape, stackedParamName,
  type RecurrentMode, type ParamName, type RecurrentLayerShape,
} from "./recurrent";

let shared: Kernels | null = null;

/** The process-wide kernel instance, created on first use with the best build available. */
export function defaultKernels(): Kernels {
  return (shared ??= createKernels());
}

export { getNumThreads, setNumThreads, usableThreads, MAX_THREADS } from "./threads/config";
export { ThreadWorker, serveRequests, type Reply } from "./threads/worker";
