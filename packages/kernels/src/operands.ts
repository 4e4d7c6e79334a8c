// How a WebAssembly kernel wrapper sees one Kernels instance: the module's exports, and operands
// resolved to blocks of its memory. Every family's wasm.ts builds its kernels from this.
import { WasmBuffer, type ElementType, type F32Buffer, type MemoryOwner } from "./buffer";
import { describe, type Region } from "./checks";
import type { KernelExports } from "./generated/exports";

/** A float32 operand: a buffer of this instance, or a Float32Array view of its memory. */
export type F32 = F32Buffer | Float32Array;

export interface KernelContext {
  /** The compiled module's kernels; they trust their arguments, so wrappers check first. */
  readonly wasm: KernelExports;
  /** Where an operand lives in this instance's memory, or an Error saying why it cannot be used. */
  region(op: string, name: string, value: unknown, type?: ElementType): Region;
  /** A float32 buffer of this instance (kernel scratch). */
  alloc(length: number, zero: boolean): F32Buffer;
}

export function kernelContext(owner: MemoryOwner, wasm: KernelExports, alloc: (length: number, zero: boolean) => F32Buffer): KernelContext {
  const memory = owner.memory;
  return {
    wasm,
    alloc,
    region(op, name, value, type = "f32") {
      if (value instanceof WasmBuffer) {
        if (value.isReleased) throw new Error(`${op}: ${name} is a released buffer (${value.length} elements at ${value.ptr})`);
        if (value.type !== type) throw new Error(`${op}: ${name} must be an ${type} buffer, got an ${value.type} buffer`);
        if (!value.belongsTo(owner)) throw new Error(`${op}: ${name} belongs to another Kernels instance`);
        return value;
      }
      if (value instanceof Float32Array) {
        if (value.buffer === memory.buffer) return { ptr: value.byteOffset, length: value.length };
        if (value.buffer.byteLength === 0 && value.length === 0) {
          throw new Error(`${op}: ${name} is a stale view: WebAssembly memory grew since it was made; read buffer.data again`);
        }
        throw new Error(`${op}: ${name} is a Float32Array outside WebAssembly memory; allocate it with kernels.alloc() or kernels.fromArray()`);
      }
      throw new Error(`${op}: ${name} must be a WasmBuffer or a Float32Array view of WebAssembly memory, got ${describe(value)}`);
    },
  };
}
