// Argument checks shared by every kernel wrapper. Each error names the kernel, what it expected
// and what it was given, because a wrong size caught here would otherwise be silent garbage.

/** A block of linear memory: where it starts (bytes) and how many elements it holds. */
export interface Region {
  ptr: number;
  length: number;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a plain Array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Float32Array).length}`;
  return typeof value === "object" ? `a ${(value as object).constructor?.name ?? "object"}` : `${typeof value} ${String(value)}`;
}

export function checkSize(op: string, name: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new Error(`${op}: ${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/**
 * Throws unless `region` has `expected` elements. `why` may be a function, so a message built
 * from shapes is only formatted when the check fails: these checks run on every kernel call.
 */
export function checkLength(op: string, name: string, region: Region, expected: number, why: string | (() => string)): void {
  if (region.length !== expected) {
    throw new Error(`${op}: ${name} has ${region.length} elements, expected ${expected} (${typeof why === "string" ? why : why()})`);
  }
}

export function checkFinite(op: string, name: string, value: unknown): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new Error(`${op}: ${name} must be a number, got ${String(value)}`);
  }
}

function overlaps(x: Region, y: Region): boolean {
  const xEnd = x.ptr + 4 * x.length;
  const yEnd = y.ptr + 4 * y.length;
  return x.length > 0 && y.length > 0 && x.ptr < yEnd && y.ptr < xEnd;
}

/**
 * Rejects an output that overlaps an input. `inPlaceOk` allows the exact same block, which is
 * safe for kernels that read each element before writing it (elementwise ops).
 */
export function checkNoAlias(op: string, out: Region, inputs: Record<string, Region>, inPlaceOk: boolean): void {
  // for…in, not Object.entries: this runs on every kernel call and should make no garbage.
  for (const name in inputs) {
    const input = inputs[name];
    if (!overlaps(out, input)) continue;
    if (inPlaceOk && out.ptr === input.ptr && out.length === input.length) continue;
    throw new Error(
      `${op}: the output overlaps input ${name} (output bytes ${out.ptr}..${out.ptr + 4 * out.length}, ` +
        `${name} bytes ${input.ptr}..${input.ptr + 4 * input.length})` +
        (inPlaceOk ? "; only an exact in-place update is allowed" : "; use a separate output buffer"),
    );
  }
}
