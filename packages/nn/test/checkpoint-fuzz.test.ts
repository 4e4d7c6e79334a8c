// Fuzzing the checkpoint parser: a few hundred seeded mutations of a real checkpoint (truncation,
// header-length lies, byte flips in header and data, duplicate names, gaps, deep nesting, edited
// fields). Every file either loads with the model's shapes or gives an Error that names the
// problem; after every failed load the model's weights are exactly what they were.
import { describe, expect, it } from "vitest";
import { rng } from "../../../test/support/mulberry32";
import { checkpointBytes, Linear, loadCheckpointBytes, LSTM, Module } from "../src/index";

class Model extends Module {
  readonly rnn = this.registerModule("rnn", new LSTM(3, 4, { backend: "js" }));
  readonly head = this.registerModule("head", new Linear(4, 2, { backend: "js" }));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function split(bytes: Uint8Array): { header: string; data: Uint8Array } {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { header: decoder.decode(bytes.subarray(8, 8 + n)), data: bytes.subarray(8 + n) };
}

function join(header: string, data: Uint8Array, claimed?: number): Uint8Array {
  const h = encoder.encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  const view = new DataView(out.buffer);
  const len = claimed ?? h.length;
  view.setUint32(0, len % 2 ** 32, true);
  view.setUint32(4, Math.floor(len / 2 ** 32), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

type Mutation = (bytes: Uint8Array, rand: () => number) => Uint8Array;
const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, r) => b.slice(0, Math.floor(r() * b.length)),
  headerLengthLie: (b, r) => {
    const { header, data } = split(b);
    const h = encoder.encode(header).length;
    return join(header, data, pick(r, [0, 1, 7, h - 1, h + 1, h + 8, b.length, 2 ** 32 + h, 2 ** 53 - 1, Math.floor(r() * 2 * h)]));
  },
  flipHeaderByte: (b, r) => {
    const out = b.slice();
    const n = new DataView(b.buffer, b.byteOffset).getUint32(0, true);
    out[8 + Math.floor(r() * n)] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  flipAnyByte: (b, r) => {
    const out = b.slice();
    out[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  duplicateName: (b, r) => {
    const { header, data } = split(b);
    const obj = JSON.parse(header) as Record<string, unknown>;
    const names = Object.keys(obj).filter((k) => k !== "__metadata__");
    const name = pick(r, names);
    // A second entry for the same name, pointing at another tensor's bytes of the same size.
    const text = header.trimEnd().replace(/}$/, `,${JSON.stringify(name)}:${JSON.stringify(obj[pick(r, names)])}}`);
    return join(text, data);
  },
  gap: (b, r) => {
    const { header, data } = split(b);
    const obj = JSON.parse(header) as Record<string, { data_offsets: [number, number] }>;
    const extra = 1 + Math.floor(r() * 16);
    if (r() < 0.5) {
      // Bytes after the last tensor.
      const grown = new Uint8Array(data.length + extra);
      grown.set(data);
      return join(header, grown);
    }
    // A hole before one tensor: shift it and every later one.
    const names = Object.keys(obj).filter((k) => k !== "__metadata__");
    const at = obj[pick(r, names)].data_offsets[0];
    for (const k of names) if (obj[k].data_offsets[0] >= at) obj[k].data_offsets = [obj[k].data_offsets[0] + extra, obj[k].data_offsets[1] + extra];
    const grown = new Uint8Array(data.length + extra);
    grown.set(data.subarray(0, at));
    grown.set(data.subarray(at), at + extra);
    return join(JSON.stringify(obj), grown);
  },
  deepNesting: (b, r) => {
    const { header, data } = split(b);
    const obj = JSON.parse(header) as Record<string, Record<string, unknown>>;
    const names = Object.keys(obj).filter((k) => k !== "__metadata__");
    const depth = pick(r, [10, 1000, 10_000, 50_000]);
    const nested = `${"[".repeat(depth)}1${"]".repeat(depth)}`;
    const field = pick(r, ["shape", "data_offsets", "dtype"]);
    const name = pick(r, names);
    const text = header.replace(`${JSON.stringify(name)}:{`, `${JSON.stringify(name)}:{${JSON.stringify(field)}:${nested},"x":`);
    return join(r() < 0.5 ? text : `${"[".repeat(depth)}${"]".repeat(depth)}`, data);
  },
  editField: (b, r) => {
    const { header, data } = split(b);
    const obj = JSON.parse(header) as Record<string, Record<string, unknown>>;
    const names = Object.keys(obj).filter((k) => k !== "__metadata__");
    const e = obj[pick(r, names)];
    const edits: Array<() => void> = [
      () => { e.dtype = pick(r, ["F16", "BF16", "F32", "I64", "float64", "", null, 3]); },
      () => { e.shape = pick(r, [[], [0], [-1], [1.5], [2 ** 53], ["4"], null, [4, 4, 4], [1e308]]); },
      () => { e.data_offsets = pick(r, [[0, 0], [-8, 0], [5, 3], [0, 1e20], [0], null, [1.5, 9.5], [0, data.length + 8]]); },
      () => { delete e[pick(r, ["dtype", "shape", "data_offsets"])]; },
      () => { (obj as Record<string, unknown>).__metadata__ = pick(r, [{ a: 1 }, [], "x", { a: "b" }, null]); },
      () => { obj[`${pick(r, names)}.extra`] = { ...e }; },
    ];
    pick(r, edits)();
    return join(JSON.stringify(obj), data);
  },
};

describe("checkpoint parsing under seeded mutation", () => {
  it("every mutated file loads with the model's shapes or fails with a named Error, weights untouched", () => {
    const model = new Model();
    const original = checkpointBytes(model);
    const snapshot = (): number[][] => model.parameters().map((p) => Array.from(p.data()));
    const shapes = model.parameters().map((p) => [...p.shape]);
    const counts: Record<string, { tried: number; loaded: number; refused: number }> = {};
    const rand = rng(12);
    const kinds = Object.keys(MUTATIONS);
    for (let i = 0; i < 400; i++) {
      const kind = kinds[i % kinds.length];
      const c = (counts[kind] ??= { tried: 0, loaded: 0, refused: 0 });
      c.tried++;
      const bytes = MUTATIONS[kind](original, rand);
      // Start each case from the original weights (a data flip that loads changes them legitimately).
      loadCheckpointBytes(model, original);
      const before = snapshot();
      let error: unknown = null;
      try {
        loadCheckpointBytes(model, bytes, { source: `case ${i} (${kind})` });
      } catch (e) {
        error = e;
      }
      if (error === null) {
        c.loaded++;
        expect(model.parameters().map((p) => [...p.shape])).toEqual(shapes);
        continue;
      }
      c.refused++;
      expect(error, `case ${i} (${kind})`).toBeInstanceOf(Error);
      const message = (error as Error).message;
      // Our own messages, naming the file: never a RangeError, TypeError or stack overflow from inside.
      expect((error as Error).constructor, `case ${i} (${kind}): ${message}`).toBe(Error);
      expect(message, `case ${i} (${kind})`).toMatch(new RegExp(`^(safetensors|loadCheckpoint): case ${i} \\(${kind}\\): `));
      expect(message.length, `case ${i} (${kind})`).toBeLessThan(2000);
      expect(snapshot(), `case ${i} (${kind}): weights changed by a failed load`).toEqual(before);
    }
    // Each family was exercised and the structural ones were refused every time.
    for (const kind of kinds) expect(counts[kind].tried).toBeGreaterThanOrEqual(50);
    for (const kind of ["duplicateName", "gap", "deepNesting"]) expect(counts[kind].loaded, kind).toBe(0);
    console.log("checkpoint fuzz (tried / loaded / refused):", JSON.stringify(counts));
  });
});
