// kind "attention": nn.Attention (dot, general, additive) against reference formulas written in
// torch by the generator, with the same parameter names: context, weights, and the gradients of
// L = sum(context · R_context) + sum(weights · R_weights) for the query, the values and every
// parameter. Each case runs through forward(query, values, mask) and through prepare() + forward.
import { Attention } from "@tapegrad/nn";
import { toTensor, type Fixture } from "../fixture";
import type { KindRunner } from "./types";

export const attention: KindRunner = (fx: Fixture) => {
  if (!Array.isArray(fx.cases)) throw new Error(`attention: "cases" must be a list`);
  return fx.cases.flatMap((c: Record<string, any>, i: number) =>
    (["forward", "prepared"] as const).map((path) => ({
      name: `${c.name ?? i}/${path}`,
      run(check, backend) {
        const m = new Attention(c.query_dim, c.memory_dim, { score: c.score, ...(c.attention_dim !== null ? { attentionDim: c.attention_dim } : {}), backend });
        const names = m.namedParameters().map(([n]) => n);
        if (names.join() !== c.param_order.join()) check.failures.push(`parameter names: got ${names.join(", ")}; the reference has ${c.param_order.join(", ")}`);
        m.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toTensor(v, `params.${k}`, backend)])));
        const query = toTensor(c.query, "query", backend, true);
        const values = toTensor(c.values, "values", backend, true);
        const mask = c.lengths ? { lengths: c.lengths as number[] } : c.padding_mask ? { paddingMask: toTensor({ shape: [c.padding_mask.length, c.padding_mask[0].length], dtype: "int64", data: c.padding_mask.flat() }, "padding_mask", backend) } : {};
        const { context, weights } = path === "forward" ? m.forward(query, values, mask) : m.forward(query, m.prepare(values, mask));
        check.tensor("context", context, c.context);
        check.tensor("weights", weights, c.weights);
        const loss = context.mul(toTensor(c.R_context, "R_context", backend)).sum().add(weights.mul(toTensor(c.R_weights, "R_weights", backend)).sum());
        check.scalar("loss", loss.item(), c.loss);
        loss.backward();
        const params = m.stateDict();
        for (const [k, want] of Object.entries(c.grads as Record<string, unknown>)) {
          check.tensor(`grad ${k}`, k === "query" ? query.grad : k === "values" ? values.grad : params[k]?.grad, want);
        }
      },
    })),
  );
};
