// The float32 backend on @tapegrad/kernels: storage is WebAssembly memory, every op is a kernel
// call on pointers (strided block copies included: one call for all blocks).
import { defaultKernels, type F32Buffer, type I32Buffer, type KernelSet, type Kernels } from "@tapegrad/kernels";
import type { Backend, IndexStore, Store } from "./backend";

/** A float32 backend on one Kernels instance (the process-wide one by default). */
export function createWasmBackend(k: Kernels = defaultKernels()): Backend {
  // Shares (views) point into a block they do not own: freeing one only drops its hold, and a
  // block is returned to the allocator once it and all its shares are freed.
  const holds = new Map<F32Buffer, { shares: number; freed: boolean }>();
  const free = (store: F32Buffer): void => {
    const base = store.base;
    if (base === null) {
      const h = holds.get(store);
      if (h === undefined) store.free();
      else h.freed = true;
      return;
    }
    const h = holds.get(base)!;
    if (--h.shares > 0) return;
    holds.delete(base);
    if (h.freed) base.free();
  };
  const share = (store: F32Buffer, offset: number, length: number): F32Buffer => {
    if (offset < 0 || length < 0 || offset + length > store.length) {
      throw new Error(`share: elements [${offset}, ${offset + length}) do not fit a store of ${store.length}`);
    }
    const base = store.base ?? store;
    if (base.isReleased) throw new Error("share: the store was already freed");
    const view = store.view(offset, length);
    const h = holds.get(base);
    if (h === undefined) holds.set(base, { shares: 1, freed: false });
    else h.shares++;
    return view;
  };

  return {
    name: "wasm",
    dtype: "float32",
    maxElements: Math.floor(k.maximumBytes / 4),
    alloc: (length, zero) => k.alloc(length, zero),
    free: (store) => free(store as F32Buffer),
    share: (store, offset, length) => share(store as F32Buffer, offset, length),
    fromValues: (values) => k.fromArray(values),
    view: (store) => (store as F32Buffer).data,
    // A view that holds nothing: it lives only for the kernel call it is made for.
    range: (store, offset, length) => (store as F32Buffer).view(offset, length),
    allocIndex: (length) => k.allocI32(length),
    indexView: (store) => (store as I32Buffer).data,
    freeIndex: (store) => (store as I32Buffer).free(),
    stats: () => k.stats(),
    // The kernels: this backend's stores are all buffers of `k`, which is what its kernels take.
    ...(k.kernelSet as unknown as KernelSet<Store, IndexStore>),
  };
}
