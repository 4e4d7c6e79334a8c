// The umbrella package re-exports its parts with `export *`. When two parts export the same name,
// JavaScript silently drops it from the umbrella instead of failing, so check that every export
// of every part arrives, and is the same object (one Tensor class, one kernel instance).
import * as autograd from "@tapegrad/autograd";
import * as bptt from "@tapegrad/bptt";
import * as kernels from "@tapegrad/kernels";
import * as nn from "@tapegrad/nn";
import * as tapegrad from "tapegrad";
import * as tapegradBptt from "tapegrad/bptt";
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

  it("tapegrad/bptt is @tapegrad/bptt", () => {
    expect(Object.keys(tapegradBptt).sort()).toEqual(Object.keys(bptt).sort());
    for (const k of Object.keys(bptt)) expect((tapegradBptt as Record<string, unknown>)[k]).toBe((bptt as Record<string, unknown>)[k]);
  });
});
