// select(dim, index): narrow to one index without the axis; same copy and gradient rule.
import { describe, expect, it } from "vitest";
import { tensor } from "../src/index";
import { checkOp, values } from "./helpers";

describe("select", () => {
  it("passes gradcheck and matches on wasm along every axis, negative index too", () => {
    checkOp((x) => x.select(0, 1), [{ shape: [3, 2, 4] }], 61);
    checkOp((x) => x.select(1, -1).mul(x.select(1, 0)), [{ shape: [3, 2, 4] }], 62);
    checkOp((x) => x.select(2, 3), [{ shape: [3, 2, 4] }], 63);
  });

  it("equals narrow + reshape and names a bad index", () => {
    const x = tensor(values([3, 2, 4], 1), { shape: [3, 2, 4], backend: "js" });
    expect(Array.from(x.select(1, 1).data())).toEqual(Array.from(x.narrow(1, 1, 1).reshape([3, 4]).data()));
    expect(x.select(1, 1).shape).toEqual([3, 4]);
    expect(() => x.select(1, 2)).toThrow("select: index 2 is out of range for dimension 1 of size 2 (shape [3, 2, 4])");
  });
});
