// kind "tensor_op": one autograd op per case (gather, topk, argmax/argmin, comparisons,
// maskedFill, clone, gelu); the output, topk's indices, and dL/dx for L = sum(output · R).
import { argmax, argmin, clone, eq, gather, ge, gelu, gt, le, lt, maskedFill, ne, topk, type Tensor } from "@tapegrad/autograd";
import { GELU } from "@tapegrad/nn";
import type { Fixture } from "../fixture";
import { toTensor } from "../fixture";
import { eachCase, type KindRunner } from "./types";

const COMPARISONS: Record<string, (a: Tensor, b: Tensor | number) => Tensor> = { eq, ne, lt, le, gt, ge };

export const tensorOp: KindRunner = (fx: Fixture) => {
  return eachCase("tensor_op", fx, (c, check, backend) => {
    const x = toTensor(c.x, "x", backend, c.R !== undefined);
    const a = c.args ?? {};
    let out: Tensor;
    if (c.op === "gather") out = gather(x, a.dim, toTensor(c.index, "index", backend));
    else if (c.op === "topk") {
      const r = topk(x, a.k, a.dim, { largest: a.largest, sorted: a.sorted });
      check.tensor("indices", r.indices, c.indices);
      out = r.values;
    } else if (c.op === "argmax") out = argmax(x, a.dim, a.keep_dim);
    else if (c.op === "argmin") out = argmin(x, a.dim, a.keep_dim);
    else if (c.op in COMPARISONS) out = COMPARISONS[c.op](x, typeof c.other === "number" ? c.other : toTensor(c.other, "other", backend));
    else if (c.op === "masked_fill") out = maskedFill(x, toTensor(c.mask, "mask", backend), a.value);
    else if (c.op === "clone") out = clone(x);
    else if (c.op === "gelu") {
      // The nn module first (its own graph, checked forward only), then the function (checked with its gradient).
      check.tensor("GELU module output", new GELU({ approximate: a.approximate }).forward(x), c.output);
      out = gelu(x, { approximate: a.approximate });
    }
    else throw new Error(`tensor_op: unknown op ${JSON.stringify(c.op)}`);
    check.tensor("output", out, c.output);
    if (c.R !== undefined) {
      out.mul(toTensor(c.R, "R", backend)).sum().backward();
      check.tensor("grad_x", x.grad, c.grad_x);
    } else if (out.requiresGrad) {
      check.failures.push(`${c.op}: the result requires grad, but the op is not differentiable`);
    }
  });
};
