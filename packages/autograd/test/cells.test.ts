// The fused recurrent-cell ops: float32 against float64, gradcheck of their gradient rules in
// float64, and equality with the same step written from plain ops.
import { describe, expect, it } from "vitest";
import { gruCell, lstmCell, noGrad, scope, sigmoid, tanh, tensor, type Tensor } from "../src/index";
import { checkOp, values } from "./helpers";

/** The LSTM step from plain ops (PyTorch's formulas, gate order i, f, g, o). */
function lstmPlain(gates: Tensor, c: Tensor): { h: Tensor; c: Tensor } {
  const H = c.shape[1];
  const [i, f, g, o] = gates.split(H, 1);
  const cNew = sigmoid(f).mul(c).add(sigmoid(i).mul(tanh(g)));
  return { h: sigmoid(o).mul(tanh(cNew)), c: cNew };
}

/** The GRU step from plain ops: n = tanh(xn + r ⊙ (hn + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h. */
function gruPlain(xp: Tensor, gh: Tensor, bias: Tensor | null, h: Tensor): Tensor {
  const H = h.shape[1];
  const ghb = bias ? gh.add(bias) : gh;
  const [xr, xz, xn] = xp.split(H, 1), [hr, hz, hn] = ghb.split(H, 1);
  const r = sigmoid(xr.add(hr)), z = sigmoid(xz.add(hz));
  const n = tanh(xn.add(r.mul(hn)));
  return z.neg().add(1).mul(n).add(z.mul(h));
}

describe("lstmCell", () => {
  for (const [B, H] of [[2, 3], [3, 4], [1, 9]]) {
    it(`h, c and both together pass gradcheck and match on wasm (B ${B}, H ${H})`, () => {
      const specs = [{ shape: [B, 4 * H] }, { shape: [B, H] }];
      checkOp((g, c) => lstmCell(g, c).h, specs, 11 + H);
      checkOp((g, c) => lstmCell(g, c).c, specs, 12 + H);
      checkOp((g, c) => { const s = lstmCell(g, c); return s.h.mul(s.c).add(s.c); }, specs, 13 + H);
      // Two chained steps: c's gradient arrives both from h and from the next step.
      checkOp((g, c) => { const s = lstmCell(g, c); return lstmCell(g, s.c).h.add(s.h); }, specs, 14 + H);
    });
  }

  it("equals the plain-op step, values and gradients, in float64", () => {
    const B = 3, H = 5;
    const run = (fn: typeof lstmPlain) => scope(() => {
      const g = tensor(values([B, 4 * H], 1), { shape: [B, 4 * H], backend: "js", requiresGrad: true });
      const c = tensor(values([B, H], 2), { shape: [B, H], backend: "js", requiresGrad: true });
      const s = fn(g, c);
      s.h.mul(tensor(values([B, H], 3), { shape: [B, H], backend: "js" })).add(s.c.mul(s.c)).sum().backward();
      const r = [s.h.data(), s.c.data(), g.grad!.data(), c.grad!.data()];
      g.grad!.dispose(); c.grad!.dispose();
      return r;
    });
    const fused = run(lstmCell), plain = run(lstmPlain);
    fused.forEach((a, k) => a.forEach((v, i) => expect(Math.abs(v - plain[k][i])).toBeLessThan(1e-14)));
  });

  it("records nothing under noGrad and checks shapes", () => {
    const g = tensor(values([2, 8], 4), { shape: [2, 8], requiresGrad: true });
    const c = tensor(values([2, 2], 5), { shape: [2, 2] });
    const s = noGrad(() => lstmCell(g, c));
    expect(s.h.requiresGrad).toBe(false);
    expect(() => lstmCell(g, tensor([1, 2, 3], { shape: [1, 3] }))).toThrow("lstmCell: c must be [2, 2] (batch, hidden), got [1, 3]");
    expect(() => lstmCell(tensor([1, 2, 3], { shape: [1, 3] }), c)).toThrow("lstmCell: gates must be [batch, 4·hidden], got [1, 3]");
  });
});

describe("gruCell", () => {
  for (const [B, H] of [[2, 3], [3, 4], [1, 9]]) {
    it(`passes gradcheck and matches on wasm, with and without b_hh (B ${B}, H ${H})`, () => {
      const specs = [{ shape: [B, 3 * H] }, { shape: [B, 3 * H] }, { shape: [B, H] }];
      checkOp((x, g, h) => gruCell(x, g, null, h), specs, 21 + H);
      checkOp((x, g, b, h) => gruCell(x, g, b, h), [specs[0], specs[1], { shape: [3 * H] }, specs[2]], 22 + H);
      checkOp((x, g, b, h) => { const h1 = gruCell(x, g, b, h); return gruCell(x, g, b, h1).mul(h1); }, [specs[0], specs[1], { shape: [3 * H] }, specs[2]], 23 + H);
    });
  }

  it("equals the plain-op step, values and gradients, in float64", () => {
    const B = 2, H = 5;
    const run = (fn: typeof gruPlain) => scope(() => {
      const mk = (shape: number[], seed: number) => tensor(values(shape, seed), { shape, backend: "js", requiresGrad: true });
      const xs = [mk([B, 3 * H], 1), mk([B, 3 * H], 2), mk([3 * H], 3), mk([B, H], 4)];
      const h = fn(xs[0], xs[1], xs[2], xs[3]);
      h.mul(h).sum().backward();
      const r = [h.data(), ...xs.map((x) => x.grad!.data())];
      xs.forEach((x) => x.grad!.dispose());
      return r;
    });
    const fused = run(gruCell), plain = run(gruPlain);
    fused.forEach((a, k) => a.forEach((v, i) => expect(Math.abs(v - plain[k][i])).toBeLessThan(1e-14)));
  });
});
