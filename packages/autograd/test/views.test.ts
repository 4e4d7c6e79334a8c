// narrow/select of one contiguous block of an op's output share its storage: the view must read
// the right values, survive its base being released, and give the memory back once both are gone.
import { describe, expect, it } from "vitest";
import { defaultKernels } from "@tapegrad/kernels";
import { liveTensorCount, scope, tensor } from "../src/index";
import { checkOp, values } from "./helpers";

describe("views of contiguous blocks", () => {
  it("pass gradcheck and match on wasm (select and narrow of an op's output along dim 0)", () => {
    checkOp((x) => x.mul(2).select(0, 1), [{ shape: [3, 2, 4] }], 71);
    checkOp((x) => { const y = x.tanh(); return y.select(0, 2).mul(y.select(0, 0)).add(y.narrow(0, 1, 1).reshape([2, 4])); }, [{ shape: [3, 2, 4] }], 72);
    checkOp((x) => x.reshape([1, 3, 8]).add(0).narrow(1, 1, 2), [{ shape: [3, 8] }], 73);
  });

  for (const backend of ["wasm", "js"] as const) {
    it(`keep their values when the base is disposed first (${backend})`, () => {
      const x = tensor(values([3, 2, 4], 5), { shape: [3, 2, 4], backend, requiresGrad: true });
      const y = x.mul(3);
      const expected = Array.from(y.data()).slice(8, 16);
      const v = y.select(0, 1);
      const w = v.narrow(0, 1, 1);
      y.dispose();
      const other = x.mul(-1); // would reuse the freed block if the view did not hold it
      expect(Array.from(v.data())).toEqual(expected);
      expect(Array.from(w.data())).toEqual(expected.slice(4));
      expect(() => y.data()).toThrow("released");
      v.dispose();
      expect(Array.from(w.data())).toEqual(expected.slice(4));
      w.dispose();
      other.dispose();
      x.dispose();
    });
  }

  it("return the block to the allocator once base and views are freed, in either order", () => {
    const k = defaultKernels();
    const x = tensor(values([4, 8], 6), { shape: [4, 8], requiresGrad: true });
    const live = liveTensorCount();
    const before = k.stats().bytesInUse;
    scope(() => {
      const y = x.add(1);
      const a = y.select(0, 0), b = y.narrow(0, 1, 2);
      a.dispose();
      b.sum().backward();
      y.dispose();
      expect(k.stats().bytesInUse).toBeGreaterThan(before); // b still holds the block
      expect(Array.from(b.data())).toEqual(Array.from(x.data()).slice(8, 24).map((v) => Math.fround(v + 1)));
    });
    expect(Array.from(x.grad!.data())).toEqual([...Array(8).fill(0), ...Array(16).fill(1), ...Array(8).fill(0)]);
    x.grad!.dispose();
    expect(k.stats().bytesInUse).toBe(before);
    expect(liveTensorCount()).toBe(live);
    x.dispose();
  });

  it("are not made of leaves (parameters and inputs may be overwritten in place)", () => {
    const p = tensor(values([2, 3], 7), { shape: [2, 3], requiresGrad: true });
    const row = p.select(0, 0);
    const before = Array.from(row.data());
    p.add_(p, 1);
    expect(Array.from(row.data())).toEqual(before);
  });
});
