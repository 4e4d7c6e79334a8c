// @tapegrad/kernels: WebAssembly SIMD kernels over float32 buffers in linear memory, and their
// plain TypeScript twins.
import { Kernels, type KernelsOptions } from "./kernels";

export { Kernels, type KernelsOptions, type F32 } from "./kernels";
export { WasmBuffer, type F32Buffer, type I32Buffer, type ElementType } from "./buffer";
export { type MemoryStats, sizeClass } from "./allocator";
export { BUILDS, detectBuild, supportsBuild, type BuildName } from "./load";
export { broadcastShapes, broadcastStrides, coalesce, sizeOf, type Shape } from "./broadcast";
export type { FloatArray, MatmulDims, BinaryOp, UnaryOp, UnaryBackwardOp, BinaryShapes, AxisView, AdamStepScalars } from "./types";
export * as twins from "./twins/index";

let shared: Kernels | null = null;

/** The process-wide kernel instance, created on first use with the best build available. */
export function defaultKernels(): Kernels {
  return (shared ??= new Kernels());
}

/** A separate instance with its own memory (tests, or isolating a workload's memory). */
export function createKernels(options?: KernelsOptions): Kernels {
  return new Kernels(options);
}
