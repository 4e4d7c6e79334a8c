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
  private view: ViewOf<T> | null = null;
  private released = false;

  constructor(
    private readonly owner: MemoryOwner,
    /** Byte address in linear memory (16-byte aligned). */
    readonly ptr: number,
    /** Number of elements. */
    readonly length: number,
    readonly type: T,
  ) {}

  /** A live view of the block; re-read it after anything that may allocate. */
  get data(): ViewOf<T> {
    if (this.released) throw new Error(`WasmBuffer: use of a released buffer (${this.length} ${this.type} at ${this.ptr})`);
    const buffer = this.owner.memory.buffer;
    if (this.view === null || this.view.buffer !== buffer) {
      this.view = (this.type === "f32"
        ? new Float32Array(buffer, this.ptr, this.length)
        : new Int32Array(buffer, this.ptr, this.length)) as ViewOf<T>;
    }
    return this.view;
  }

  belongsTo(owner: MemoryOwner): boolean {
    return this.owner === owner;
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** Returns the block to the allocator; later use of this handle throws. */
  free(): void {
    if (this.released) throw new Error(`WasmBuffer.free: buffer at ${this.ptr} was already released`);
    this.released = true;
    this.view = null;
    this.owner.release(this.ptr);
  }
}

export type F32Buffer = WasmBuffer<"f32">;
export type I32Buffer = WasmBuffer<"i32">;
