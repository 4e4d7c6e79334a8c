// Module state dicts and safetensors checkpoints: round trips, strict loading, malformed files.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Generator, tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  Embedding, Linear, LSTM, loadCheckpoint, loadSafetensors, Module, parseSafetensors, saveCheckpoint, serializeSafetensors,
} from "../src/index";

class Model extends Module {
  embedding = this.registerModule("embedding", new Embedding(7, 4, { backend: "js", generator: new Generator(1) }));
  lstm = this.registerModule("lstm", new LSTM(4, 5, { backend: "js", generator: new Generator(2) }));
  linear = this.registerModule("linear", new Linear(5, 3, { backend: "js", generator: new Generator(3) }));
}

const dir = mkdtempSync(join(tmpdir(), "tapegrad-nn-"));

/** A hand-made file: header object, data bytes, optional override of the length field. */
function rawFile(header: unknown, data = new Uint8Array(0), length?: number): Uint8Array {
  const h = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setUint32(0, length ?? h.length, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe("Module", () => {
  it("names parameters like PyTorch and loads strictly", () => {
    const m = new Model();
    expect(Object.keys(m.stateDict())).toEqual([
      "embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "linear.weight", "linear.bias",
    ]);
    const sd = { ...m.stateDict() };
    delete (sd as Record<string, unknown>)["linear.bias"];
    expect(() => new Model().loadStateDict(sd)).toThrow(/Missing key\(s\) in state_dict: "linear.bias"/);
    expect(() => new Model().loadStateDict({ ...m.stateDict(), extra: tensor([1], { backend: "js" }) })).toThrow(/Unexpected key\(s\) in state_dict: "extra"/);
    const wrong = { ...m.stateDict(), "linear.weight": tensor(new Array(10).fill(0), { backend: "js", shape: [2, 5] }) };
    expect(() => new Model().loadStateDict(wrong)).toThrow(
      "size mismatch for linear.weight: copying a param with shape [2, 5] from checkpoint, the shape in current model is [3, 5]",
    );
    const r = new Model().loadStateDict({ "linear.bias": m.linear.bias!, other: tensor([1], { backend: "js" }) }, { strict: false });
    expect(r.unexpectedKeys).toEqual(["other"]);
    expect(r.missingKeys).toHaveLength(6);
  });

  it("loading its own state dict is a no-op", () => {
    const m = new Model();
    const before = Array.from(m.linear.weight.data());
    m.loadStateDict(m.stateDict());
    expect(Array.from(m.linear.weight.data())).toEqual(before);
  });

  it("train/eval reach every submodule; zeroGrad clears gradients", () => {
    const m = new Model();
    m.eval();
    expect(m.lstm.training).toBe(false);
    m.train();
    expect(m.linear.training).toBe(true);
    m.linear.forward(tensor([[1, 2, 3, 4, 5]], { backend: "js" })).sum().backward();
    expect(m.linear.weight.grad).not.toBeNull();
    m.zeroGrad();
    expect(Array.from(m.linear.weight.grad!.data()).every((v) => v === 0)).toBe(true);
  });

  it("loads values across backends", () => {
    const js = new Linear(3, 2, { backend: "js" });
    const wasm = new Linear(3, 2, { backend: "wasm" });
    wasm.loadStateDict(js.stateDict());
    const a = js.weight.data();
    const b = wasm.weight.data();
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 6);
  });
});

describe("safetensors checkpoints", () => {
  it("round-trips a model (F64 from js) exactly, atomically", () => {
    const m = new Model();
    const path = join(dir, "model.safetensors");
    saveCheckpoint(m, path, { metadata: { format: "pt" } });
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    const m2 = new Model();
    loadCheckpoint(m2, path);
    for (const [k, p] of Object.entries(m.stateDict())) expect(Array.from(m2.stateDict()[k].data())).toEqual(Array.from(p.data()));
    const parsed = parseSafetensors(readFileSync(path));
    expect(Object.keys(parsed.metadata).sort()).toEqual(["format", "tapegrad.model"]);
    expect(parsed.metadata.format).toBe("pt");
    expect(parsed.tensors.get("lstm.weight_ih_l0")!.dtype).toBe("F64");
    // The data section starts 8-byte aligned, as the reference writer makes it.
    expect(new DataView(readFileSync(path).buffer).getUint32(0, true) % 8).toBe(0);
  });

  it("writes F32 on request and reads it back", () => {
    const bytes = serializeSafetensors([["w", { shape: [2, 2], data: [1, 2.5, -3, 4], dtype: "F32" }]]);
    const t = parseSafetensors(bytes).tensors.get("w")!;
    expect(t.dtype).toBe("F32");
    expect(Array.from(t.data)).toEqual([1, 2.5, -3, 4]);
  });

  it("reads F16 and BF16", () => {
    const data = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, 0x40, 0xc0]); // f16 1, -2; bf16 1, -3
    const header = { a: { dtype: "F16", shape: [2], data_offsets: [0, 4] }, b: { dtype: "BF16", shape: [2], data_offsets: [4, 8] } };
    const p = parseSafetensors(rawFile(header, data));
    expect(Array.from(p.tensors.get("a")!.data)).toEqual([1, -2]);
    expect(Array.from(p.tensors.get("b")!.data)).toEqual([1, -3]);
  });

  const good = { w: { dtype: "F32", shape: [2], data_offsets: [0, 8] } };
  const eight = new Uint8Array(8);
  it.each([
    ["shorter than 8 bytes", new Uint8Array(5), /shorter than the 8-byte header length/],
    ["truncated header", rawFile(good, eight).slice(0, 20), /header length \d+ is larger than the \d+ bytes that follow/],
    ["header length larger than the file", rawFile(good, eight, 1 << 30), /header length 1073741824 is larger than the/],
    ["header length near 2^64 (no allocation)", (() => { const b = rawFile(good, eight); new DataView(b.buffer).setUint32(4, 0xffffffff, true); return b; })(), /is larger than the/],
    ["header that is not JSON", rawFile("{not json}", eight), /header is not valid UTF-8 JSON/],
    ["header that is a list", rawFile("[1, 2]", eight), /header must be a JSON object/],
    ["offsets out of range", rawFile({ w: { dtype: "F32", shape: [2], data_offsets: [0, 16] } }, eight), /data_offsets \[0, 16\] lie outside the 8-byte data section/],
    ["negative offsets", rawFile({ w: { dtype: "F32", shape: [2], data_offsets: [-8, 0] } }, eight), /data_offsets must be \[begin, end\]/],
    ["wrong dtype", rawFile({ w: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, eight), /unsupported dtype "I64"/],
    ["shape that does not fit its bytes", rawFile({ w: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, eight), /shape \[3\] of F32 needs 12 bytes, data_offsets \[0, 8\] hold 8/],
    ["bad shape", rawFile({ w: { dtype: "F32", shape: [-2], data_offsets: [0, 8] } }, eight), /shape must be a list of non-negative integers/],
    ["overlapping tensors", rawFile({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, eight), /overlap/],
  ])("rejects %s with a clear error", (_name, bytes, message) => {
    expect(() => parseSafetensors(bytes as Uint8Array, "bad.safetensors")).toThrow(message as RegExp);
    expect(() => parseSafetensors(bytes as Uint8Array, "bad.safetensors")).toThrow(/^safetensors: bad.safetensors: /);
  });

  it("rejects a well-formed file whose shapes or names do not match the module", () => {
    const path = join(dir, "wrong-shape.safetensors");
    const m = new Linear(5, 3, { backend: "js" });
    writeFileSync(path, serializeSafetensors([["weight", { shape: [3, 4], data: new Float64Array(12) }], ["bias", { shape: [3], data: new Float64Array(3) }]]));
    expect(() => loadCheckpoint(m, path)).toThrow(/wrong-shape.safetensors: .*size mismatch for weight: copying a param with shape \[3, 4\] from checkpoint, the shape in current model is \[3, 5\]/s);
    const path2 = join(dir, "missing.safetensors");
    writeFileSync(path2, serializeSafetensors([["weight", { shape: [3, 5], data: new Float64Array(15) }]]));
    expect(() => loadCheckpoint(m, path2)).toThrow(/Missing key\(s\) in state_dict: "bias"/);
    expect(loadSafetensors(path2).get("weight")!.shape).toEqual([3, 5]);
  });
});
