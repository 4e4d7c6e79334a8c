// linear (x·Wᵀ + b, W read transposed in place) and permutations that keep the last axis, which
// run as strided block copies: float32 against float64, gradcheck, and agreement with the
// plain compositions.
import { describe, expect, it } from "vitest";
import { linear, scope, tensor } from "../src/index";
import { checkOp, values } from "./helpers";

describe("linear", () => {
  it("passes gradcheck and matches on wasm, with and without bias, 2-D and 3-D x", () => {
    checkOp((x, w, b) => linear(x, w, b), [{ shape: [4, 3] }, { shape: [5, 3] }, { shape: [5] }], 31);
    checkOp((x, w) => linear(x, w), [{ shape: [2, 3, 3] }, { shape: [9, 3] }], 32);
    checkOp((x, w, b) => linear(x, w, b), [{ shape: [2, 1, 10] }, { shape: [8, 10] }, { shape: [8] }], 33);
    // The bias in the kernel's stores: full 4×8 tiles and partial ones; a 1-D x (bias = output shape).
    checkOp((x, w, b) => linear(x, w, b), [{ shape: [6, 20] }, { shape: [12, 20] }, { shape: [12] }], 34);
    checkOp((x, w, b) => linear(x, w, b), [{ shape: [7] }, { shape: [9, 7] }, { shape: [9] }], 35);
  });

  it("equals x.matmul(W.transpose()).add(b) in float64", () => {
    scope(() => {
      const x = tensor(values([3, 4], 1), { shape: [3, 4], backend: "js" });
      const w = tensor(values([6, 4], 2), { shape: [6, 4], backend: "js" });
      const b = tensor(values([6], 3), { shape: [6], backend: "js" });
      const ref = x.matmul(w.transpose()).add(b).data();
      linear(x, w, b).data().forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-14));
    });
  });

  it("names mismatched shapes", () => {
    const x = tensor(values([3, 4], 1), { shape: [3, 4] });
    expect(() => linear(x, tensor(values([6, 5], 2), { shape: [6, 5] }))).toThrow("linear: x [3, 4] x weight [6, 5]ᵀ: x's last size must be 5");
    expect(() => linear(x, tensor(values([6, 4], 2), { shape: [6, 4] }), tensor([1, 2], { shape: [2] }))).toThrow("linear: bias must be [6] or the output's shape [3, 6], got [2]");
  });
});

describe("permute keeping the last axis (block copies)", () => {
  it("passes gradcheck and matches on wasm", () => {
    checkOp((x) => x.transpose(0, 1), [{ shape: [3, 2, 9] }], 41);
    checkOp((x) => x.permute([2, 0, 1, 3]), [{ shape: [2, 3, 2, 8] }], 42);
    checkOp((x) => x.transpose(0, 1).mul(x.transpose(0, 1)), [{ shape: [4, 3, 16] }], 43);
  });

  it("gives the same values as the element loop (a permutation that moves the last axis)", () => {
    scope(() => {
      const x = tensor(values([3, 4, 8], 5), { shape: [3, 4, 8], backend: "js" });
      const a = x.transpose(0, 1).data();
      // The same permutation spelled through the last axis: [3, 4, 8] → [8, 4, 3] → [4, 8, 3] → [4, 3, 8].
      const b = x.permute([2, 1, 0]).permute([1, 0, 2]).transpose(1, 2).data();
      expect(Array.from(a)).toEqual(Array.from(b));
    });
  });
});

describe("linear with a full-shape addend (addmm)", () => {
  it("passes gradcheck, matches on wasm and equals add(x·Wᵀ)", () => {
    checkOp((x, w, a) => linear(x, w, a), [{ shape: [4, 3] }, { shape: [5, 3] }, { shape: [4, 5] }], 51);
    checkOp((x, w, a) => linear(x, w, a).mul(a), [{ shape: [2, 2, 6] }, { shape: [8, 6] }, { shape: [2, 2, 8] }], 52);
    scope(() => {
      const x = tensor(values([3, 4], 1), { shape: [3, 4], backend: "js" });
      const w = tensor(values([6, 4], 2), { shape: [6, 4], backend: "js" });
      const a = tensor(values([3, 6], 3), { shape: [3, 6], backend: "js" });
      const ref = a.add(x.matmul(w.transpose())).data();
      linear(x, w, a).data().forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-14));
    });
  });
});
