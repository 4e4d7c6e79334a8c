// The umbrella package re-exports its parts with `export *`. When two parts export the same name,
// JavaScript silently drops it from the umbrella instead of failing, so check that every export
// of every part arrives, and is the same object (one Tensor class, one kernel instance).
import * as autograd from "@tapegrad/autograd";
import * as bptt from "@tapegrad/bptt";
import * as kernels from "@tapegrad/kernels";
import * as nn from "@tapegrad/nn";
import * as nnOnnx from "@tapegrad/nn/onnx";
import * as tapegrad from "tapegrad";
import * as tapegradBptt from "tapegrad/bptt";
import * as tapegradOnnx from "tapegrad/onnx";
import { describe, expect, it } from "vitest";

describe("tapegrad re-exports its parts", () => {
  it.each([
    ["@tapegrad/autograd", autograd],
    ["@tapegrad/nn", nn],
    ["@tapegrad/kernels", kernels],
  ] as const)("every export of %s, unchanged", (_name, part) => {
    const missing = Object.keys(part).filter((k) => (tapegrad as Record<string, unknown>)[k] !== (part as Record<string, unknown>)[k]);
    expect(missing).toEqual([]);
  });

  it("exports nothing of its own", () => {
    const parts = new Set([...Object.keys(autograd), ...Object.keys(nn), ...Object.keys(kernels)]);
    expect(Object.keys(tapegrad).filter((k) => !parts.has(k))).toEqual([]);
  });

  it.each([
    ["tapegrad/bptt", tapegradBptt, bptt],
    ["tapegrad/onnx", tapegradOnnx, nnOnnx],
  ] as const)("%s is its part, unchanged", (_name, subpath, part) => {
    expect(Object.keys(subpath).sort()).toEqual(Object.keys(part).sort());
    for (const k of Object.keys(part)) expect((subpath as Record<string, unknown>)[k]).toBe((part as Record<string, unknown>)[k]);
  });

  it("the ONNX exporter is only in the subpath: the main entries leave it (and onnx-proto) out", () => {
    expect(Object.keys(nnOnnx).sort()).toEqual(["exportOnnx", "exportOnnxFile", "exportableTypes", "readOnnxMetadata"]);
    for (const k of Object.keys(nnOnnx)) {
      expect(k in nn).toBe(false);
      expect(k in tapegrad).toBe(false);
    }
  });
});
