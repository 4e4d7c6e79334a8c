// The allocator over WebAssembly linear memory: size classes, with freed memory reused across sizes.
//
// Training repeats the same tensor sizes step after step: a freed block goes on a free list of its
// exact size and is handed out again (one map lookup and a pop each way, nothing else). Reuse
// across sizes is lazy: only when a request no list serves would have to grow the memory are the
// free blocks coalesced (sorted by address, neighbours merged, a block reaching the top given back
// to the bump region), and the best-fitting one is split. So step intermediates that are all freed
// by the end of a step come back as one region, a grow-and-free workload with one tensor alive
// reuses the same bytes, and variable-length batches do not strand memory in classes of sizes that
// never come back (the size-class-only allocator reached 456 MB of memory for a 98 MB peak in use
// on a sequence length growing from 20 to 2,370).
// Rejected: merging on every free (maps from block start and end to the neighbour, and a best-fit
// scan on every miss): the same memory bounds, but the LSTM small training step spent 9% of its
// time in the allocator (0.94 ms a step in the CPU profile of 2026-11-29), 2% (0.18 ms) with this.
// Classes are multiples of 16 bytes up to 1 KiB, then eight per power of two (at most 12.5% slack).
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
  private readonly heapStart: number;
  /** Free blocks by exact size; every entry is free (lists are rebuilt when blocks merge). */
  private readonly freeLists = new Map<number, number[]>();
  private readonly live = new Map<number, number>();
  private freeBytes = 0;
  private bytesInUse = 0;
  private peakBytesInUse = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    heapBase: number,
    private readonly maximumBytes: number,
  ) {
    this.top = this.heapStart = Math.ceil(heapBase / ALIGN) * ALIGN;
  }

  /** Returns the byte address of a block of at least `bytes` bytes (contents unspecified). */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const list = this.freeLists.get(size);
    let ptr: number;
    if (list !== undefined && list.length > 0) {
      ptr = list.pop()!;
      this.freeBytes -= size;
    } else {
      ptr = this.top + size <= this.memory.buffer.byteLength ? this.bump(size) : this.reclaim(size) ?? this.grow(size, bytes);
    }
    this.live.set(ptr, size);
    this.bytesInUse += size;
    if (this.bytesInUse > this.peakBytesInUse) this.peakBytesInUse = this.bytesInUse;
    return ptr;
  }

  /** Returns a block for reuse; freeing an unknown or already freed address throws. */
  free(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) {
      throw new Error(`kernels.free: address ${ptr} is not a live allocation (freed twice, or never allocated)`);
    }
    this.live.delete(ptr);
    this.bytesInUse -= size;
    if (ptr + size === this.top) {
      this.top = ptr; // back to the bump region
      return;
    }
    this.push(ptr, size);
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

  private push(ptr: number, size: number): void {
    let list = this.freeLists.get(size);
    if (list === undefined) this.freeLists.set(size, (list = []));
    list.push(ptr);
    this.freeBytes += size;
  }

  private bump(size: number): number {
    const ptr = this.top;
    this.top += size;
    return ptr;
  }

  /**
   * Before the memory grows: merges neighbouring free blocks (the top one joins the bump region),
   * then serves `size` from the bump region or from the best-fitting free block, split. Null when
   * neither can.
   */
  private reclaim(size: number): number | null {
    if (this.freeBytes === 0) return null;
    const blocks = this.coalesce();
    if (this.top + size <= this.memory.buffer.byteLength) return this.bump(size);
    let best = -1;
    for (let i = 0; i < blocks.length; i += 2) {
      if (blocks[i + 1] >= size && (best < 0 || blocks[i + 1] < blocks[best + 1])) best = i;
    }
    if (best < 0) return null;
    const ptr = blocks[best], blockSize = blocks[best + 1];
    const list = this.freeLists.get(blockSize)!;
    list.splice(list.lastIndexOf(ptr), 1);
    this.freeBytes -= blockSize;
    if (blockSize > size) this.push(ptr + size, blockSize - size);
    return ptr;
  }

  /** Merges neighbouring free blocks and rebuilds the lists; returns the blocks as [start, size, …]. */
  private coalesce(): number[] {
    const all: number[] = [];
    for (const [size, list] of this.freeLists) for (const ptr of list) all.push(ptr, size);
    const order = Array.from({ length: all.length / 2 }, (_, i) => 2 * i).sort((x, y) => all[x] - all[y]);
    const merged: number[] = [];
    for (const i of order) {
      const last = merged.length - 2;
      if (last >= 0 && merged[last] + merged[last + 1] === all[i]) merged[last + 1] += all[i + 1];
      else merged.push(all[i], all[i + 1]);
    }
    if (merged.length > 0 && merged[merged.length - 2] + merged[merged.length - 1] === this.top) {
      this.top = merged[merged.length - 2];
      merged.length -= 2;
    }
    this.freeLists.clear();
    this.freeBytes = 0;
    for (let i = 0; i < merged.length; i += 2) this.push(merged[i], merged[i + 1]);
    return merged;
  }

  private grow(size: number, requested: number): number {
    const have = this.memory.buffer.byteLength;
    const pages = Math.ceil((this.top + size - have) / PAGE_BYTES);
    // Grow by at least a quarter of the current size so a slowly growing workload does not
    // pay for a grow (and a refresh of every view) on each allocation.
    const want = Math.max(pages, Math.ceil(have / PAGE_BYTES / 4));
    const maxPages = Math.floor(this.maximumBytes / PAGE_BYTES);
    const grow = Math.min(want, maxPages - have / PAGE_BYTES);
    if (grow < pages || !tryGrow(this.memory, grow)) throw this.outOfMemory(requested, size, have);
    return this.bump(size);
  }

  private outOfMemory(requested: number, size: number, have: number): Error {
    let largest = 0;
    for (const [s, list] of this.freeLists) if (list.length > 0 && s > largest) largest = s;
    const fitsInTotal = this.bytesInUse + size <= this.maximumBytes - this.heapStart;
    const why = fitsInTotal
      ? `the memory is fragmented: ${this.freeBytes} bytes are free but in pieces (the largest ${largest} bytes)`
      : `${this.bytesInUse} bytes are in use, and ${requested} more exceed the limit`;
    return new Error(
      `kernels.alloc: out of WebAssembly memory: asked for ${requested} bytes with ${this.bytesInUse} bytes in use; ${why}; ` +
        `memory is ${have} bytes and may grow to at most ${this.maximumBytes} bytes. Free tensors you no longer need (or use a scope).`,
    );
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
