// The safetensors format, as bytes: an 8-byte little-endian header length N, N bytes of JSON
// header ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {…}}), then the raw
// little-endian tensor data. Offsets are relative to the start of the data section.
// Parsing trusts nothing in the file: every length, offset and shape is checked before it is used.

/** A tensor as stored in a checkpoint: float data in a typed array of the stored precision. */
export interface StoredTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: Float32Array | Float64Array;
}

export type SafetensorsDType = "F64" | "F32" | "F16" | "BF16";

const BYTES: Record<SafetensorsDType, number> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/** Headers above this are refused before any allocation (the reference implementation uses 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

function fail(source: string, what: string): never {
  throw new Error(`safetensors: ${source}: ${what}`);
}

/** Parses a safetensors file's bytes; `source` (a path) names the file in errors. */
export function parseSafetensors(bytes: Uint8Array, source = "<bytes>"): { tensors: Map<string, StoredTensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) fail(source, `file is ${bytes.length} bytes, shorter than the 8-byte header length (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const headerLen = hi * 2 ** 32 + lo;
  if (headerLen > bytes.length - 8) {
    fail(source, `header length ${headerLen} is larger than the ${bytes.length - 8} bytes that follow it (truncated or corrupt file)`);
  }
  if (headerLen > MAX_HEADER_BYTES) fail(source, `header length ${headerLen} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  if (headerLen < 2) fail(source, `header length ${headerLen} is too small for a JSON object`);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    fail(source, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) fail(source, `header must be a JSON object, got ${preview(header)}`);
  // JSON.parse keeps the last of two equal keys; the reference implementation refuses the file.
  const repeated = repeatedTopLevelKey(bytes.subarray(8, 8 + headerLen));
  if (repeated !== null) fail(source, `tensor name ${JSON.stringify(repeated)} appears twice in the header`);

  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, StoredTensor>();
  let metadata: Record<string, string> = {};
  const ranges: Array<[number, number, string]> = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) fail(source, "__metadata__ must be an object of strings");
      for (const [k, v] of Object.entries(entry)) if (typeof v !== "string") fail(source, `__metadata__.${k} must be a string, got ${typeof v}`);
      metadata = entry as Record<string, string>;
      continue;
    }
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) fail(source, `tensor "${name}": entry must be an object`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== "string" || !(dtype in BYTES)) {
      fail(source, `tensor "${name}": unsupported dtype ${preview(dtype)} (expected one of F64, F32, F16, BF16)`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(source, `tensor "${name}": shape must be a list of non-negative integers, got ${preview(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(source, `tensor "${name}": data_offsets must be [begin, end] non-negative integers, got ${preview(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLen) {
      fail(source, `tensor "${name}": data_offsets [${begin}, ${end}] lie outside the ${dataLen}-byte data section`);
    }
    const dt = dtype as SafetensorsDType;
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (count * BYTES[dt] !== end - begin) {
      fail(source, `tensor "${name}": shape [${(shape as number[]).join(", ")}] of ${dt} needs ${count * BYTES[dt]} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`);
    }
    ranges.push([begin, end, name]);
    tensors.set(name, { dtype: dt, shape: shape as number[], data: decode(view, dataStart + begin, count, dt) });
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  // The offsets must tile the data section exactly, as the reference implementation requires:
  // no overlap, no byte that belongs to no tensor.
  let covered = 0;
  for (let i = 0; i < ranges.length; i++) {
    const [begin, end, name] = ranges[i];
    if (begin < covered) fail(source, `tensors "${ranges[i - 1][2]}" and "${name}" overlap in the data section`);
    if (begin > covered) fail(source, `bytes [${covered}, ${begin}) of the data section belong to no tensor (before "${name}")`);
    covered = end;
  }
  if (covered !== dataLen) fail(source, `bytes [${covered}, ${dataLen}) at the end of the data section belong to no tensor`);
  return { tensors, metadata };
}

/** A bounded, non-recursive description of a header value for error messages (a shape may be nested 10,000 deep). */
function preview(v: unknown): string {
  if (Array.isArray(v)) {
    let depth = 0;
    let inner: unknown = v;
    while (Array.isArray(inner) && depth < 50) { depth++; inner = inner[0]; }
    if (depth > 2) return `an array nested ${Array.isArray(inner) ? "more than 50" : depth} levels deep`;
    const items = v.slice(0, 8).map((x) => (Array.isArray(x) ? `[${x.length} items]` : typeof x === "object" && x !== null ? "{…}" : JSON.stringify(x) ?? String(x)));
    return `[${items.join(", ")}${v.length > 8 ? `, … (${v.length} items)` : ""}]`;
  }
  if (v !== null && typeof v === "object") return "an object";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** The first key that occurs twice at the top level of a JSON object text, or null (a scan, no recursion). */
function repeatedTopLevelKey(json: Uint8Array): string | null {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === 0x22) { // a string: skip to its end, honouring escapes
      let j = i + 1;
      while (j < json.length && json[j] !== 0x22) j += json[j] === 0x5c ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(new TextDecoder().decode(json.subarray(i, j + 1))) as string;
        if (seen.has(key)) return key;
        seen.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  return null;
}

function decode(view: DataView, at: number, count: number, dtype: SafetensorsDType): Float32Array | Float64Array {
  switch (dtype) {
    case "F64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, true);
      return out;
    }
    case "F32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + 4 * i, true);
      return out;
    }
    case "F16": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(at + 2 * i, true));
      return out;
    }
    case "BF16": {
      const out = new Float32Array(count);
      const word = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        word.setUint32(0, view.getUint16(at + 2 * i, true) << 16);
        out[i] = word.getFloat32(0);
      }
      return out;
    }
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Serialises named tensors (F32 or F64, chosen by the array type unless `dtype` is given). */
export function serializeSafetensors(
  tensors: Iterable<[string, { shape: readonly number[]; data: ArrayLike<number>; dtype?: "F32" | "F64" }]>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    // The format (and our own parser) allows only strings: refuse others here, not at load time.
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw new Error(`safetensors: __metadata__ "${k}" must be a string, got ${v === null ? "null" : typeof v} (JSON.stringify it)`);
    }
    header.__metadata__ = metadata;
  }
  const parts: Array<{ data: ArrayLike<number>; dtype: "F32" | "F64"; at: number }> = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === "__metadata__") throw new Error(`safetensors: "__metadata__" cannot be a tensor name`);
    if (name in header) throw new Error(`safetensors: tensor name "${name}" appears twice`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new Error(`safetensors: tensor "${name}": shape [${t.shape.join(", ")}] has ${count} elements, data has ${t.data.length}`);
    }
    const dtype = t.dtype ?? (t.data instanceof Float32Array ? "F32" : "F64");
    const size = count * BYTES[dtype];
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    parts.push({ data: t.data, dtype, at: offset });
    offset += size;
  }
  const json = JSON.stringify(header);
  // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  const pad = (8 - (headerBytes.length % 8)) % 8;
  if (pad) headerBytes = encoder.encode(json + " ".repeat(pad));
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true);
  view.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  const base = 8 + headerBytes.length;
  for (const p of parts) {
    const n = p.data.length;
    if (p.dtype === "F64") for (let i = 0; i < n; i++) view.setFloat64(base + p.at + 8 * i, p.data[i], true);
    else for (let i = 0; i < n; i++) view.setFloat32(base + p.at + 4 * i, p.data[i], true);
  }
  return out;
}
