// NumPy broadcasting, reduced to what a kernel loop needs.
//
// Two operand shapes broadcast to an output shape; each operand then gets one element stride per
// output dimension (0 where it is broadcast). Adjacent dimensions that every operand walks
// contiguously are merged, and size-1 dimensions dropped, so [64, 50, 128] + [128] becomes a
// 2-D loop (3200 rows of 128) and most cases fit the kernel's three dimensions.

export type Shape = readonly number[];

/** The broadcast of two shapes, or an Error naming `op` and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: shapes [${a.join(", ")}] and [${b.join(", ")}] cannot be broadcast: ` +
          `dimension ${i} is ${da} and ${db}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides of a contiguous `shape` seen as broadcast to `out` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = out.length - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}

export interface Loop {
  /** Loop extents, outermost first; at least one entry. */
  dims: number[];
  /** Per operand, one element stride per entry of dims. */
  strides: number[][];
}

/** Merges dimensions that all operands traverse contiguously; drops size-1 dimensions. */
export function coalesce(dims: Shape, strides: readonly (readonly number[])[]): Loop {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < dims.length; i++) {
    if (dims[i] === 1) continue;
    const last = outDims.length - 1;
    const mergeable =
      last >= 0 && strides.every((s, k) => outStrides[k][last] === s[i] * dims[i]);
    if (mergeable) {
      outDims[last] *= dims[i];
      strides.forEach((s, k) => (outStrides[k][last] = s[i]));
    } else {
      outDims.push(dims[i]);
      strides.forEach((s, k) => outStrides[k].push(s[i]));
    }
  }
  if (outDims.length === 0) return { dims: [1], strides: strides.map(() => [0]) };
  return { dims: outDims, strides: outStrides };
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
