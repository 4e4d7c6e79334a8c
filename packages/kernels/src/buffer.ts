// A handle on a block of WebAssembly memory. Growing the memory detaches every typed-array view
// of it, so the handle never hands out a stored view blindly: `data` re-creates the view when
// the memory's ArrayBuffer has changed.

export type ElementType = "f32" | "i32";

export interface MemoryOwner {
  readonly memory: WebAssembly.Memory;
  release(ptr: number): void;
}

type ViewOf<T extends ElementType> = T extends "f32" ? Float32Array : Int32Array;

export class WasmBuffer<T extends ElementType = "f32"> {
  private cached: ViewOf<T> | null = null;
  private released = false;

  constructor(
    private readonly owner: MemoryOwner,
    /** Byte address in linear memory (16-byte aligned). */
    readonly ptr: number,
    /** Number of elements. */
    readonly length: number,
    readonly type: T,
    /** The buffer this one is a view of (it shares that block's memory), or null for a block. */
    readonly base: WasmBuffer<T> | null = null,
  ) {}

  /** A live view of the block; re-read it after anything that may allocate. */
  get data(): ViewOf<T> {
    if (this.isReleased) throw new Error(`WasmBuffer: use of a released buffer (${this.length} ${this.type} at ${this.ptr})`);
    const buffer = this.owner.memory.buffer;
    if (this.cached === null || this.cached.buffer !== buffer) {
      this.cached = (this.type === "f32"
        ? new Float32Array(buffer, this.ptr, this.length)
        : new Int32Array(buffer, this.ptr, this.length)) as ViewOf<T>;
    }
    return this.cached;
  }

  belongsTo(owner: MemoryOwner): boolean {
    return this.owner === owner;
  }

  /** True once the block (for a view: the block it is a view of) went back to the allocator. */
  get isReleased(): boolean {
    return this.released || (this.base !== null && this.base.isReleased);
  }

  /** Elements [offset, offset + length) of this buffer, sharing its memory (not separately freed). */
  view(offset: number, length: number): WasmBuffer<T> {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.length) {
      throw new Error(`WasmBuffer.view: elements [${offset}, ${offset + length}) lie outside a buffer of ${this.length}`);
    }
    if (this.isReleased) throw new Error(`WasmBuffer.view: the buffer at ${this.ptr} was already released`);
    return new WasmBuffer(this.owner, this.ptr + 4 * offset, length, this.type, this.base ?? this);
  }

  /** Returns the block to the allocator; later use of this handle throws. */
  free(): void {
    if (this.base !== null) throw new Error(`WasmBuffer.free: a view cannot be freed, only the buffer it was taken from (view at ${this.ptr})`);
    if (this.released) throw new Error(`WasmBuffer.free: buffer at ${this.ptr} was already released`);
    this.released = true;
    this.cached = null;
    this.owner.release(this.ptr);
  }
}

export type F32Buffer = WasmBuffer<"f32">;
export type I32Buffer = WasmBuffer<"i32">;
