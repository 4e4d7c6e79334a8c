// The seed exercise (examples/homework/charrnn.ts) against PyTorch autograd: every forward value and gradient.
import { describe, expect, it } from "vitest";
import { charRnnBackward, charRnnForward, type CharRnnParams, type Matrix } from "../../examples/homework/charrnn";
import { type FixtureTensor as Tensor, loadFixture } from "../../tools/parity/src/fixture-file";
import { maxAbsDiff } from "../support/compare";

const CASES = ["charrnn_onehot_nobias", "charrnn_onehot_bias_a", "charrnn_onehot_bias_b", "charrnn_hello_cs231n"];

function matrix(t: Tensor): Matrix {
  const [rows, cols] = t.shape;
  return Array.from({ length: rows }, (_, i) => t.data.slice(i * cols, (i + 1) * cols));
}

describe("char-RNN reference matches PyTorch within 1e-12", () => {
  it.each(CASES)("%s", (name) => {
    const fx = loadFixture(name);
    const p: CharRnnParams = {
      W_X: matrix(fx.params.W_X), W_H: matrix(fx.params.W_H), W_Y: matrix(fx.params.W_Y),
      b_h: fx.params.b_h?.data ?? null, b_y: fx.params.b_y?.data ?? null,
    };
    expect(p.b_h !== null).toBe(fx.config.bias);
    const fwd = charRnnForward(p, fx.inputs.x_ids, fx.inputs.target_ids);
    expect(fwd.steps.map((s) => s.x).flat()).toEqual(fx.inputs.x_onehot.data);
    expect(Math.abs(fwd.loss - fx.loss)).toBeLessThan(1e-12);
    expect(maxAbsDiff(fwd.steps.flatMap((s) => s.h), fx.outputs.h.data)).toBeLessThan(1e-12);
    expect(maxAbsDiff(fwd.steps.flatMap((s) => s.z), fx.outputs.z.data)).toBeLessThan(1e-12);
    expect(maxAbsDiff(fwd.steps.flatMap((s) => s.y), fx.outputs.y.data)).toBeLessThan(1e-12);
    const { grads, steps } = charRnnBackward(p, fwd);
    expect(steps.map((s) => s.t)).toEqual(fwd.steps.map((s) => s.t).reverse());
    for (const n of ["W_X", "W_H", "W_Y", "b_h", "b_y"] as const) {
      const g = grads[n];
      if (!fx.grads[n]) {
        expect(g, n).toBeNull();
        continue;
      }
      expect(maxAbsDiff((g as number[] | number[][]).flat(), fx.grads[n].data), n).toBeLessThan(1e-12);
    }
  });

  it("names the wrong shape", () => {
    const p: CharRnnParams = { W_X: [[1, 0], [0, 1]], W_H: [[0, 0], [0, 0]], W_Y: [[1, 0], [0, 1]], b_h: [0, 0, 0], b_y: null };
    expect(() => charRnnForward(p, [0], [1])).toThrow("charRnn: b_h should be [2] (k=2, d=2), got [3]");
    expect(() => charRnnForward({ ...p, b_h: null }, [0], [2])).toThrow("index 2 is outside the vocabulary [0, 2)");
  });
});
