// The fused recurrent-cell kernels and the strided block copy against their float64 twins, on
// every build, with a hidden size that exercises the vector body (8) and one that leaves a
// scalar tail (5).
import { describe, expect, it } from "vitest";
import { twins } from "../src/index";
import { maxMixedError } from "../../../test/support/compare";
import { builds, randomArray } from "./helpers";

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);

for (const build of builds) {
  describe(`fused cells (${build.name} build)`, () => {
    const k = build.kernels();
    for (const [B, H] of [[3, 8], [2, 5], [1, 1]] as const) {
      it(`lstmCell matches the twin (B ${B}, H ${H})`, () => {
        const gates = k.fromArray(randomArray(B * 4 * H, 1, -4, 4)), cPrev = k.fromArray(randomArray(B * H, 2, -2, 2));
        const act = k.alloc(B * 5 * H), c = k.alloc(B * H), h = k.alloc(B * H);
        k.lstmCell(act, c, h, gates, cPrev, B, H);
        const rAct = new Float64Array(B * 5 * H), rc = new Float64Array(B * H), rh = new Float64Array(B * H);
        twins.lstmCell(rAct, rc, rh, f64(gates.data), f64(cPrev.data), B, H);
        expect(maxMixedError(act.data, rAct)).toBeLessThan(2e-6);
        expect(maxMixedError(c.data, rc)).toBeLessThan(2e-6);
        expect(maxMixedError(h.data, rh)).toBeLessThan(2e-6);
      });

      it(`lstmCellBackward (one pass, written or accumulated) matches its twin, and the twin matches finite differences (B ${B}, H ${H})`, () => {
        const gates = k.fromArray(randomArray(B * 4 * H, 21, -4, 4)), cPrev = k.fromArray(randomArray(B * H, 22, -2, 2));
        const act = k.alloc(B * 5 * H), c = k.alloc(B * H), h = k.alloc(B * H);
        k.lstmCell(act, c, h, gates, cPrev, B, H);
        const dh = k.fromArray(randomArray(B * H, 23)), dcNext = k.fromArray(randomArray(B * H, 24));
        const rAct = f64(act.data), rcp = f64(cPrev.data), rdh = f64(dh.data), rdc = f64(dcNext.data);
        for (const accumulate of [false, true]) {
          const start = randomArray(B * 4 * H, 25), startP = randomArray(B * H, 26);
          const dg = k.fromArray(start), dp = k.fromArray(startP);
          const rdg = f64(start), rdp = f64(startP);
          k.lstmCellBackward(dg, dp, dh, dcNext, act, cPrev, B, H, accumulate);
          twins.lstmCellBackward(rdg, rdp, rdh, rdc, rAct, rcp, B, H, accumulate);
          expect(maxMixedError(dg.data, rdg)).toBeLessThan(1e-6);
          expect(maxMixedError(dp.data, rdp)).toBeLessThan(1e-6);
        }
        // The twin against central differences of L = Σ dh·h + Σ dc·c through the twin's forward.
        const g64 = f64(gates.data);
        const loss = (gv: Float64Array, cp: Float64Array): number => {
          const a = new Float64Array(B * 5 * H), cc = new Float64Array(B * H), hh = new Float64Array(B * H);
          twins.lstmCell(a, cc, hh, gv, cp, B, H);
          let l = 0;
          for (let i = 0; i < B * H; i++) l += rdh[i] * hh[i] + rdc[i] * cc[i];
          return l;
        };
        const fd = (x: Float64Array, i: number, f: () => number): number => {
          const x0 = x[i], eps = 1e-6;
          x[i] = x0 + eps; const up = f();
          x[i] = x0 - eps; const down = f();
          x[i] = x0;
          return (up - down) / (2 * eps);
        };
        const act64 = new Float64Array(B * 5 * H);
        twins.lstmCell(act64, new Float64Array(B * H), new Float64Array(B * H), g64, rcp, B, H);
        const dg64 = new Float64Array(B * 4 * H), dp64 = new Float64Array(B * H);
        twins.lstmCellBackward(dg64, dp64, rdh, rdc, act64, rcp, B, H, false);
        expect(maxMixedError(dg64, dg64.map((_, i) => fd(g64, i, () => loss(g64, rcp))))).toBeLessThan(1e-8);
        expect(maxMixedError(dp64, dp64.map((_, i) => fd(rcp, i, () => loss(g64, rcp))))).toBeLessThan(1e-8);
        // dc = null is a zero carry; dcPrev = null is skipped.
        const dg = k.alloc(B * 4 * H), zero = k.alloc(B * H), ref = k.alloc(B * 4 * H);
        k.lstmCellBackward(dg, null, dh, null, act, cPrev, B, H);
        k.lstmCellBackward(ref, null, dh, zero, act, cPrev, B, H);
        expect(Array.from(dg.data)).toEqual(Array.from(ref.data));
      });

      it(`gruCell and its backward match the twin, with and without b_hh (B ${B}, H ${H})`, () => {
        for (const withBias of [true, false]) {
          const xp = k.fromArray(randomArray(B * 3 * H, 7, -3, 3)), gh = k.fromArray(randomArray(B * 3 * H, 8, -3, 3));
          const bias = withBias ? k.fromArray(randomArray(3 * H, 9)) : null, hPrev = k.fromArray(randomArray(B * H, 10));
          const act = k.alloc(B * 4 * H), h = k.alloc(B * H);
          k.gruCell(act, h, xp, gh, bias, hPrev, B, H);
          const rAct = new Float64Array(B * 4 * H), rh = new Float64Array(B * H);
          twins.gruCell(rAct, rh, f64(xp.data), f64(gh.data), bias ? f64(bias.data) : null, f64(hPrev.data), B, H);
          expect(maxMixedError(act.data, rAct)).toBeLessThan(2e-6);
          expect(maxMixedError(h.data, rh)).toBeLessThan(2e-6);

          const dh = k.fromArray(randomArray(B * H, 11));
          const dx = k.fromArray(randomArray(B * 3 * H, 12)), dg = k.alloc(B * 3 * H), dp = k.alloc(B * H);
          const rdx = f64(dx.data), rdg = new Float64Array(B * 3 * H), rdp = new Float64Array(B * H);
          k.gruCellBackward(dx, dg, dp, dh, act, hPrev, B, H);
          twins.gruCellBackward(rdx, rdg, rdp, f64(dh.data), f64(act.data), f64(hPrev.data), B, H);
          expect(maxMixedError(dx.data, rdx)).toBeLessThan(1e-6);
          expect(maxMixedError(dg.data, rdg)).toBeLessThan(1e-6);
          expect(maxMixedError(dp.data, rdp)).toBeLessThan(1e-6);
        }
      });
    }

    it("lstmCellBackward names a wrongly sized or overlapping operand", () => {
      const act = k.alloc(5 * 4), dh = k.alloc(4), cPrev = k.alloc(4), dg = k.alloc(16);
      expect(() => k.lstmCellBackward(k.alloc(15), null, dh, null, act, cPrev, 1, 4)).toThrow("lstmCellBackward: dgates has 15 elements, expected 16 (dgates is [1, 16])");
      expect(() => k.lstmCellBackward(dg, dh, dh, null, act, cPrev, 1, 4)).toThrow("lstmCellBackward: the output overlaps input dh");
    });

    it("lstmCell names a wrongly sized operand", () => {
      const a = k.alloc(5 * 4), c = k.alloc(4), h = k.alloc(4);
      expect(() => k.lstmCell(a, c, h, k.alloc(15), k.alloc(4), 1, 4)).toThrow("lstmCell: gates has 15 elements, expected 16 (gates is [1, 16])");
    });

    it("copyBlocks copies and accumulates strided blocks like the twin, and checks bounds", () => {
      const x = k.fromArray(randomArray(40, 13)), out = k.fromArray(randomArray(30, 14));
      for (const accumulate of [false, true]) {
        const ref = f64(out.data);
        k.copyBlocks(out, 1, 7, x, 2, 9, 5, 4, accumulate);
        twins.copyBlocks(ref, 1, 7, f64(x.data), 2, 9, 5, 4, accumulate);
        expect(maxMixedError(out.data, ref)).toBeLessThan(1e-7);
      }
      expect(() => k.copyBlocks(out, 1, 7, x, 2, 12, 5, 4, false)).toThrow("copyBlocks: x has 40 elements, but 4 blocks of 5 at offset 2, stride 12 reach element 43");
      expect(() => k.copyBlocks(out, 0, 10, x, 0, 10, 5, 4, false)).toThrow("copyBlocks: out has 30 elements");
    });
  });
}
