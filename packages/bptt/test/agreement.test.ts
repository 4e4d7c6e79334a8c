// The float32 WebAssembly path and the float64 reference agree on random problems of small sizes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Mode } from "../src/index";
import { worstRatio } from "../../../test/support/compare";
import { opsFor } from "./helpers";
import { Setup, type Problem } from "./random";

const problem: fc.Arbitrary<Problem> = fc.record({
  mode: fc.constantFrom<Mode>("rnn_tanh", "rnn_relu", "lstm", "gru"),
  T: fc.integer({ min: 1, max: 6 }),
  B: fc.integer({ min: 1, max: 4 }),
  I: fc.integer({ min: 1, max: 6 }),
  H: fc.integer({ min: 1, max: 7 }),
  bias: fc.boolean(),
  state: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe("wasm float32 agrees with js float64", () => {
  it("on outputs, final states and every gradient", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const js = new Setup(opsFor("js"), p), wasm = new Setup(opsFor("wasm"), p);
        try {
          js.forward(); js.backward();
          wasm.forward(); wasm.backward();
          const ref = js.results(), got = wasm.results();
          expect(Object.keys(got).sort()).toEqual(Object.keys(ref).sort());
          for (const k of Object.keys(ref)) {
            expect(worstRatio(got[k], ref[k], 1e-4, 1e-5), `${k} of ${JSON.stringify(p)}`).toBeLessThanOrEqual(1);
          }
        } finally {
          js.dispose();
          wasm.dispose();
        }
      }),
      { numRuns: 150, seed: 20240601 },
    );
  });
});
