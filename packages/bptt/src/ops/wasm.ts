// The float32 implementation of Ops: arrays are buffers in WebAssembly memory (a view is a
// buffer over part of another's block), the kernels run on their pointers, and no operand is
// copied. A buffer re-makes its Float32Array view after memory growth, so none goes stale.
import { defaultKernels, WithKernels, type F32Buffer, type Kernels } from "@tapegrad/kernels";
import { checkView, checkWrite } from "./js";
import type { Ops } from "./ops";

/** Float32 arrays in WebAssembly memory, computed by the SIMD kernels. */
export class WasmOps extends WithKernels<F32Buffer, unknown> implements Ops<F32Buffer> {
  readonly backend = "wasm" as const;

  constructor(readonly kernels: Kernels = defaultKernels()) {
    super(kernels.kernelSet);
  }

  alloc(length: number): F32Buffer {
    return this.kernels.alloc(length);
  }

  free(a: F32Buffer): void {
    if (a.base !== null) throw new Error("free: a view cannot be freed, only the array it was taken from");
    a.free();
  }

  view(a: F32Buffer, offset: number, length: number): F32Buffer {
    checkView(a.length, offset, length);
    return a.view(offset, length);
  }

  length(a: F32Buffer): number {
    return a.length;
  }

  read(a: F32Buffer): Float64Array {
    return Float64Array.from(a.data);
  }

  write(a: F32Buffer, values: ArrayLike<number>): void {
    checkWrite(a.length, values.length);
    a.data.set(values);
  }
}
