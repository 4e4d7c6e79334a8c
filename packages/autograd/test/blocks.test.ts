// Strided block copies take three paths on wasm (element loop, copyWithin, per-block axpy) by
// block length; all must agree with the float64 loop.
import { describe, expect, it } from "vitest";
import { getBackend } from "../src/index";

describe("copyBlocks", () => {
  for (const blockLen of [3, 64, 300]) {
    for (const accumulate of [false, true]) {
      it(`blockLen ${blockLen}, accumulate ${accumulate}`, () => {
        const count = 3, xStride = blockLen + 5, outStride = blockLen + 2;
        const src = Array.from({ length: count * xStride + 4 }, (_, i) => i * 0.5);
        const dst = Array.from({ length: count * outStride + 3 }, (_, i) => -i);
        const results = (["wasm", "js"] as const).map((name) => {
          const be = getBackend(name);
          const x = be.fromValues(src), out = be.fromValues(dst);
          be.copyBlocks(out, 1, outStride, x, 2, xStride, blockLen, count, accumulate);
          const r = Array.from(be.view(out));
          be.free(x); be.free(out);
          return r;
        });
        expect(results[0]).toEqual(results[1]);
      });
    }
  }
});
