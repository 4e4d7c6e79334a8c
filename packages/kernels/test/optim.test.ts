// The in-place Adam/AdamW step against its float64 twin, with every option.
import { describe, expect, it } from "vitest";
import { twins, type AdamStepScalars } from "../src/index";
import { maxMixedError } from "../../../test/support/compare";
import { builds, randomArray } from "./helpers";

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);

for (const build of builds) {
  describe(`adamStep (${build.name} build)`, () => {
    const k = build.kernels();
    const cases: [string, Partial<AdamStepScalars>, boolean][] = [
      ["Adam", {}, false],
      ["Adam, coupled decay, maximize", { weightDecay: 0.1, maximize: true }, false],
      ["AdamW decay, amsgrad", { decay: 1 - 1e-3 * 0.01 }, true],
    ];
    for (const [name, extra, amsgrad] of cases) {
      it(`${name}: three steps match the twin`, () => {
        const n = 103;
        const p = k.fromArray(randomArray(n, 1)), m = k.alloc(n), v = k.alloc(n), vmax = amsgrad ? k.alloc(n) : null;
        const rp = f64(p.data), rm = new Float64Array(n), rv = new Float64Array(n), rvmax = amsgrad ? new Float64Array(n) : null;
        for (let step = 1; step <= 3; step++) {
          const g = k.fromArray(randomArray(n, 10 + step));
          const s: AdamStepScalars = {
            stepSize: 1e-3 / (1 - 0.9 ** step), beta1: 0.9, beta2: 0.999, bc2Sqrt: Math.sqrt(1 - 0.999 ** step),
            eps: 1e-8, weightDecay: 0, decay: 1, maximize: false, ...extra,
          };
          k.adamStep(p, g, m, v, vmax, s);
          twins.adamStep(rp, f64(g.data), rm, rv, rvmax, s);
        }
        expect(maxMixedError(p.data, rp)).toBeLessThan(1e-6);
        expect(maxMixedError(m.data, rm)).toBeLessThan(1e-6);
        expect(maxMixedError(v.data, rv)).toBeLessThan(1e-6);
        if (vmax && rvmax) expect(maxMixedError(vmax.data, rvmax)).toBeLessThan(1e-6);
      });
    }

    it("rejects aliased or mis-sized operands", () => {
      const a = k.alloc(4), b = k.alloc(4);
      const s: AdamStepScalars = { stepSize: 1, beta1: 0.9, beta2: 0.99, bc2Sqrt: 1, eps: 1e-8, weightDecay: 0, decay: 1, maximize: false };
      expect(() => k.adamStep(a, b, a, k.alloc(4), null, s)).toThrow("adamStep: the output overlaps input");
      expect(() => k.adamStep(a, b, k.alloc(3), k.alloc(4), null, s)).toThrow("adamStep: m has 3 elements, expected 4");
    });
  });
}
