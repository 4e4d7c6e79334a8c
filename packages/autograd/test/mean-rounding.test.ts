// mean divides like PyTorch (sum / n forward, g / n backward), so float64 results equal torch's
// to the bit; sum·(1/n) was off by an ulp on some of them. The inputs are multiples of 1/8, so
// every summation order gives the same exact sum and only the division can differ. Reference: torch.mean in
// test/fixtures/pytorch-exact/mean.json (scripts/fixtures/generate_exact.py).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mean, tensor } from "../src/index";

interface Enc { shape: number[]; data: number[] }
interface Case { dim: number | null; keepdim: boolean; x: Enc; out: Enc; upstream: Enc; grad_x: Enc }

const FIXTURE = new URL("../../../test/fixtures/pytorch-exact/mean.json", import.meta.url);
const cases = (JSON.parse(readFileSync(FIXTURE, "utf8")) as { cases: Case[] }).cases;

describe("mean rounds like PyTorch (float64, js backend)", () => {
  it.each(cases.map((c) => [`dim ${c.dim} keepdim ${c.keepdim}`, c] as const))("%s: forward and backward equal torch.mean bit for bit", (_n, c) => {
    const x = tensor(c.x.data, { shape: c.x.shape, backend: "js", requiresGrad: true });
    const out = mean(x, c.dim, c.keepdim);
    expect(out.shape).toEqual(c.out.shape);
    expect(Array.from(out.data())).toEqual(c.out.data);
    out.backward(tensor(c.upstream.data, { shape: c.upstream.shape, backend: "js" }));
    expect(Array.from(x.grad!.data())).toEqual(c.grad_x.data);
  });

  it("a case where sum·(1/n) and sum/n differ: mean([3, 2, 2]) = 7/3, and its gradient 7/3", () => {
    // t = torch.tensor([3., 2., 2.], dtype=torch.float64, requires_grad=True); m = t.mean(); m.backward(torch.tensor(7.))
    // → m 2.3333333333333335, t.grad [2.3333333333333335] * 3; the old 7·(1/3) is 2.333333333333333
    expect(7 * (1 / 3)).toBe(2.333333333333333);
    const x = tensor([3, 2, 2], { backend: "js", requiresGrad: true });
    const m = mean(x);
    expect(m.item()).toBe(2.3333333333333335);
    m.backward(tensor(7, { backend: "js" }));
    expect(Array.from(x.grad!.data())).toEqual([2.3333333333333335, 2.3333333333333335, 2.3333333333333335]);
  });

  it("wasm agrees with js to float32 precision", () => {
    const c = cases[1];
    const w = mean(tensor(c.x.data, { shape: c.x.shape, backend: "wasm" }), c.dim, c.keepdim).data();
    Array.from(w).forEach((v, i) => expect(Math.abs(v - c.out.data[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c.out.data[i]))));
  });
});
