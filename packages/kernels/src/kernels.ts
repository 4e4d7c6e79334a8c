// One kernel instance: a WebAssembly memory, its allocator and a compiled kernel build, with every
// kernel of the contract on float32 operands in that memory (each family's wasm.ts). Every kernel
// takes WasmBuffers (or Float32Array views of this instance's memory), checks sizes and aliasing,
// and passes bare pointers to the module: no operand is ever copied.
import { Allocator, type MemoryStats } from "./allocator";
import { WasmBuffer, type F32Buffer, type I32Buffer, type MemoryOwner } from "./buffer";
import { cellKernels } from "./cells/wasm";
import { checkSize } from "./checks";
import { BINARY_OPS, UNARY_BACKWARD_OPS, UNARY_OPS, type BinaryOp, type BinaryShapes, type KernelSet, type UnaryBackwardOp, type UnaryOp } from "./contract";
import { elementwiseKernels } from "./elementwise/wasm";
import type { KernelExports } from "./generated/exports";
import { compileBuild, detectBuild, instantiate, type BuildName } from "./load";
import { MAX_THREADS, sharedMemoryAvailable } from "./threads/config";
import { MatmulThreads } from "./threads/shared-matmul";
import { matmulKernels } from "./matmul/wasm";
import { kernelContext, type F32 } from "./operands";
import { optimKernels } from "./optim/wasm";
import { reductionKernels } from "./reductions/wasm";
import { unaryKernels } from "./unary/wasm";

const PAGE_BYTES = 65536;
/** wasm32 can address 4 GiB; engines accept a maximum of 65536 pages. */
const MAX_MEMORY_BYTES = 65536 * PAGE_BYTES;

export interface KernelsOptions {
  /** Which build to run; detected when omitted (relaxed SIMD, else SIMD, else scalar). */
  build?: BuildName;
  /** Initial memory size in bytes (rounded up to 64 KiB pages). Default 16 MiB. */
  initialBytes?: number;
  /** Memory may grow up to this many bytes; beyond it allocation throws. Default 4 GiB. */
  maximumBytes?: number;
  /**
   * Threads for large matmuls (this one included; default 1). Above 1 the instance runs the
   * shared-memory SIMD build and starts `threads − 1` kernel workers (threads/shared-matmul.ts);
   * they join as they start. Needs SharedArrayBuffer (a cross-origin-isolated page in browsers).
   */
  threads?: number;
}

/** Each binary, unary and unary-backward op under its own name: kernels.add(out, a, b), kernels.tanh(out, x). */
export type NamedKernels<A> = { [K in BinaryOp]: (out: A, a: A, b: A, shapes?: BinaryShapes) => void }
  & { [K in UnaryOp]: (out: A, x: A) => void }
  & { [K in UnaryBackwardOp as `${K}Backward`]: (dx: A, dy: A, saved: A) => void };

/** The storage side of an instance: its memory and the buffers allocated in it. */
export interface KernelMemory extends MemoryOwner {
  readonly build: BuildName;
  readonly memory: WebAssembly.Memory;
  /** The most bytes the memory may ever grow to: no request above it can succeed. */
  readonly maximumBytes: number;
  /** The contract's kernels alone, to spread into a consumer's own storage object. */
  readonly kernelSet: KernelSet<F32, I32Buffer>;
  /** A float32 buffer of `length` elements, zero-filled unless `zero` is false. */
  alloc(length: number, zero?: boolean): F32Buffer;
  /** An int32 buffer of `length` elements, zero-filled (indices for gather and max). */
  allocI32(length: number): I32Buffer;
  /** A float32 buffer holding a copy of `values`. */
  fromArray(values: ArrayLike<number>): F32Buffer;
  stats(): MemoryStats;
  resetPeak(): void;
  /** Threads this instance's large matmuls split over (createKernels' `threads`). */
  readonly threads: number;
  /** Resolves once every kernel thread has started (kernels never wait: they use those ready). */
  whenThreadsReady(): Promise<void>;
  /** Stops the kernel threads (they never keep a process alive; this frees them sooner). */
  stopThreads(): void;
}

/** A kernel instance: its memory, and every kernel on float32 operands in it. */
export type Kernels = KernelMemory & KernelSet<F32, I32Buffer> & NamedKernels<F32>;

/** A kernel instance with its own memory and the given (or best available) build. */
export function createKernels(options: KernelsOptions = {}): Kernels {
  const asked = options.threads ?? 1;
  if (!Number.isInteger(asked) || asked < 1 || asked > MAX_THREADS) {
    throw new Error(`createKernels: threads must be a whole number from 1 to ${MAX_THREADS}, got ${asked}`);
  }
  const threads = asked > 1 && !sharedMemoryAvailable() ? 1 : asked;
  if (asked > 1 && options.build !== undefined && options.build !== "shared") {
    throw new Error(`createKernels: threads above 1 run the 'shared' build, not '${options.build}'`);
  }
  const build = threads > 1 ? "shared" : (options.build ?? detectBuild());
  const maximumBytes = Math.min(options.maximumBytes ?? MAX_MEMORY_BYTES, MAX_MEMORY_BYTES);
  const initialBytes = Math.min(options.initialBytes ?? 16 * 2 ** 20, maximumBytes);
  const memory = new WebAssembly.Memory({
    initial: Math.ceil(initialBytes / PAGE_BYTES),
    maximum: Math.floor(maximumBytes / PAGE_BYTES),
    shared: build === "shared",
  });
  const wasm = instantiate(build, memory) as unknown as KernelExports;
  const matmulThreads = threads > 1 ? new MatmulThreads(compileBuild("shared"), memory, threads) : null;
  const allocator = new Allocator(memory, wasm.heapBase(), maximumBytes);

  const owner: MemoryOwner = { memory, release: (ptr) => allocator.free(ptr) };
  const alloc = (length: number, zero = true): F32Buffer => {
    checkSize("kernels.alloc", "length", length);
    const buf = new WasmBuffer(owner, allocator.alloc(length * 4), length, "f32");
    if (zero) wasm.fill(buf.ptr, length, 0);
    return buf;
  };
  const ctx = { ...kernelContext(owner, wasm, alloc), matmulThreads };
  const kernelSet: KernelSet<F32, I32Buffer> = {
    ...matmulKernels(ctx), ...elementwiseKernels(ctx), ...unaryKernels(ctx),
    ...reductionKernels(ctx), ...cellKernels(ctx), ...optimKernels(ctx),
  };
  const storage: KernelMemory = {
    build,
    memory,
    maximumBytes,
    kernelSet,
    release: owner.release,
    alloc,
    allocI32(length) {
      checkSize("kernels.allocI32", "length", length);
      const buf = new WasmBuffer(owner, allocator.alloc(length * 4), length, "i32");
      buf.data.fill(0);
      return buf;
    },
    fromArray(values) {
      const buf = alloc(values.length, false);
      buf.data.set(values);
      return buf;
    },
    threads,
    whenThreadsReady: async () => { await matmulThreads?.whenReady(); },
    stopThreads: () => matmulThreads?.dispose(),
    stats: () => allocator.stats(),
    resetPeak: () => allocator.resetPeak(),
  };
  return { ...storage, ...kernelSet, ...namedKernels(kernelSet) };
}

function namedKernels(set: KernelSet<F32, I32Buffer>): NamedKernels<F32> {
  const named: Record<string, unknown> = {};
  for (const op of BINARY_OPS) named[op] = (out: F32, a: F32, b: F32, shapes?: BinaryShapes) => set.binary(op, out, a, b, shapes);
  for (const op of UNARY_OPS) named[op] = (out: F32, x: F32) => set.unary(op, out, x);
  for (const op of UNARY_BACKWARD_OPS) named[`${op}Backward`] = (dx: F32, dy: F32, saved: F32) => set.unaryBackward(op, dx, dy, saved);
  return named as NamedKernels<F32>;
}
