// A size-class allocator over WebAssembly linear memory.
//
// Training repeats the same tensor sizes step after step, so freed blocks are kept on a free list
// per size class and handed out again: after the first step the memory stops growing. Classes
// are multiples of 16 bytes up to 1 KiB, then eight per power of two (at most 12.5% slack).
// Blocks are 16-byte aligned so vector loads never straddle an alignment boundary needlessly.

const PAGE_BYTES = 65536;
const ALIGN = 16;

export interface MemoryStats {
  /** Bytes in blocks handed out and not yet freed (rounded up to their size class). */
  bytesInUse: number;
  /** Largest bytesInUse seen since creation or the last resetPeak(). */
  peakBytesInUse: number;
  /** Blocks handed out and not yet freed. */
  liveBlocks: number;
  /** Size of the WebAssembly memory, in bytes. */
  memoryBytes: number;
}

/** Rounds a request up to its size class. */
export function sizeClass(bytes: number): number {
  if (bytes <= 1024) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

export class Allocator {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private readonly live = new Map<number, number>();
  private bytesInUse = 0;
  private peakBytesInUse = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    heapBase: number,
    private readonly maximumBytes: number,
  ) {
    this.top = Math.ceil(heapBase / ALIGN) * ALIGN;
  }

  /** Returns the byte address of a block of at least `bytes` bytes (contents unspecified). */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.freeLists.get(size)?.pop();
    const ptr = reused ?? this.bump(size, bytes);
    this.live.set(ptr, size);
    this.bytesInUse += size;
    if (this.bytesInUse > this.peakBytesInUse) this.peakBytesInUse = this.bytesInUse;
    return ptr;
  }

  /** Returns a block to its free list; freeing an unknown or already freed address throws. */
  free(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) {
      throw new Error(`kernels.free: address ${ptr} is not a live allocation (freed twice, or never allocated)`);
    }
    this.live.delete(ptr);
    this.bytesInUse -= size;
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }

  stats(): MemoryStats {
    return {
      bytesInUse: this.bytesInUse,
      peakBytesInUse: this.peakBytesInUse,
      liveBlocks: this.live.size,
      memoryBytes: this.memory.buffer.byteLength,
    };
  }

  resetPeak(): void {
    this.peakBytesInUse = this.bytesInUse;
  }

  private bump(size: number, requested: number): number {
    const ptr = this.top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE_BYTES);
      // Grow by at least a quarter of the current size so a slowly growing workload does not
      // pay for a grow (and a refresh of every view) on each allocation.
      const want = Math.max(pages, Math.ceil(have / PAGE_BYTES / 4));
      const maxPages = Math.floor(this.maximumBytes / PAGE_BYTES);
      const grow = Math.min(want, maxPages - have / PAGE_BYTES);
      if (grow < pages || !tryGrow(this.memory, grow)) {
        throw new Error(
          `kernels.alloc: out of WebAssembly memory: asked for ${requested} bytes with ` +
            `${this.bytesInUse} bytes in use; memory is ${have} bytes and may grow to at most ` +
            `${this.maximumBytes} bytes. Free tensors you no longer need (or use a scope).`,
        );
      }
    }
    this.top = end;
    return ptr;
  }
}

function tryGrow(memory: WebAssembly.Memory, pages: number): boolean {
  try {
    memory.grow(pages);
    return true;
  } catch {
    return false;
  }
}
