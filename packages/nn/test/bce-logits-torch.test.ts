// BCEWithLogits against PyTorch 1.13 value for value, NaN and ±Infinity included: logits ±∞,
// ±1e308 (±1e38 in float32), ±1e20, ±40 and ordinary ones; targets 0, 1, 0.3; without and with
// pos_weight (and weight); reductions none/mean/sum; loss, ∂x and ∂y. Reference:
// test/fixtures/pytorch-exact/bce_with_logits.json from scripts/fixtures/generate_exact.py.
import { readFileSync } from "node:fs";
import { tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { binaryCrossEntropyWithLogits, BCEWithLogitsLoss, type Reduction } from "../src/index";

interface Enc { shape: number[]; data: (number | string)[] }
interface Case { name: string; dtype: "float64" | "float32"; reduction: Reduction; x: Enc; y: Enc; upstream: Enc; loss: Enc; grad_x: Enc; grad_y: Enc; pos_weight?: Enc; weight?: Enc }

const FIXTURE = new URL("../../../test/fixtures/pytorch-exact/bce_with_logits.json", import.meta.url);
const cases = (JSON.parse(readFileSync(FIXTURE, "utf8")) as { cases: Case[] }).cases;
const decode = (e: Enc): number[] => e.data.map((v) => (v === "nan" ? Number.NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number)));

/**
 * float64: bit for bit where the value is non-finite, zero or comes from exact steps (|x| ≥ 1e20);
 * elsewhere within 4 ulp (torch's vectorised exp/log are not V8's). float32 (wasm, computed in
 * float64 and rounded once; torch rounds every step, and ((pw·y + 1 − y)·σ − pw·y) cancels):
 * non-finite exactly, else 4e-7·max(1, |torch|).
 */
function expectTorch(got: number[], want: number[], dtype: string, what: string): void {
  expect(got.length, what).toBe(want.length);
  const rel = dtype === "float64" ? 4 * Number.EPSILON : 4e-7;
  got.forEach((g, i) => {
    const w = want[i];
    if (!Number.isFinite(w) || w === 0) expect(g === 0 ? 0 : g, `${what}[${i}]`).toBe(w === 0 ? 0 : w); // the sign of a zero gradient is not compared (gradients accumulate onto +0)
    else expect(Math.abs(g - w), `${what}[${i}]: got ${g}, torch ${w}`).toBeLessThanOrEqual(rel * (dtype === "float64" ? Math.abs(w) : Math.max(1, Math.abs(w))));
  });
}

describe("BCEWithLogits matches PyTorch 1.13 at ±∞ and huge logits", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const backend = c.dtype === "float64" ? "js" : "wasm";
    const make = (e: Enc, requiresGrad = false): Tensor => tensor(decode(e), { shape: e.shape, backend, requiresGrad });
    const x = make(c.x, true), y = make(c.y, true);
    const options = { reduction: c.reduction, ...(c.pos_weight ? { posWeight: make(c.pos_weight) } : {}), ...(c.weight ? { weight: make(c.weight) } : {}) };
    const loss = binaryCrossEntropyWithLogits(x, y, options);
    expect(loss.shape).toEqual(c.loss.shape);
    expectTorch(Array.from(loss.data()), decode(c.loss), c.dtype, "loss");
    loss.backward(c.reduction === "none" ? make(c.upstream) : undefined);
    expectTorch(Array.from(x.grad!.data()), decode(c.grad_x), c.dtype, "grad x");
    expectTorch(Array.from(y.grad!.data()), decode(c.grad_y), c.dtype, "grad y");
  });

  it("the exact float64 cases: x = ±∞ and ±1e308, every value bit for bit (NaN where torch gives NaN)", () => {
    for (const c of cases.filter((k) => k.dtype === "float64" && k.reduction === "none")) {
      const xs = decode(c.x);
      const pick = (v: number[]) => v.filter((_, i) => Math.abs(xs[i]) >= 1e20).map((g) => (g === 0 ? 0 : g));
      const x = tensor(xs, { shape: c.x.shape, backend: "js", requiresGrad: true });
      const loss = new BCEWithLogitsLoss({ reduction: "none", ...(c.pos_weight ? { posWeight: tensor(decode(c.pos_weight), { backend: "js" }) } : {}), ...(c.weight ? { weight: tensor(decode(c.weight), { shape: c.weight.shape, backend: "js" }) } : {}) })
        .forward(x, tensor(decode(c.y), { shape: c.y.shape, backend: "js" }));
      expect(pick(Array.from(loss.data())), c.name).toEqual(pick(decode(c.loss)));
      loss.backward(tensor(decode(c.upstream), { shape: c.upstream.shape, backend: "js" }));
      expect(pick(Array.from(x.grad!.data())), c.name).toEqual(pick(decode(c.grad_x)));
    }
  });

  it("refuses a weight that needs a gradient or does not broadcast, naming the op", () => {
    const x = tensor([[1, 2, 3]], { backend: "js" }), y = tensor([[0, 1, 0]], { backend: "js" });
    expect(() => binaryCrossEntropyWithLogits(x, y, { posWeight: tensor([1, 2], { backend: "js" }) })).toThrow("binaryCrossEntropyWithLogits: posWeight [2] does not broadcast to the input's shape [1, 3]");
    expect(() => binaryCrossEntropyWithLogits(x, y, { weight: tensor([1, 2, 3], { backend: "js", requiresGrad: true }) })).toThrow("binaryCrossEntropyWithLogits: weight does not take a gradient");
    expect(() => binaryCrossEntropyWithLogits(x, y, { pos_weight: 2 } as never)).toThrow('BCEWithLogitsLoss: unknown option "pos_weight" (did you mean "posWeight"?)');
  });
});
