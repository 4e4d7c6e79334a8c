// kinds "layer_norm" and "embedding": one module per case, parameters loaded from the fixture,
// output and the gradients of L = sum(output · R).
import type { Tensor } from "@tapegrad/autograd";
import { Embedding, LayerNorm } from "@tapegrad/nn";
import { toIds, toTensor, nest, type Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

export const layerNorm: KindRunner = (fx: Fixture) => {
  return eachCase("layer_norm", fx, (c, check, backend) => {
    const m = new LayerNorm(c.config.normalized_shape, { eps: c.config.eps, elementwiseAffine: c.config.elementwise_affine, backend });
    m.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toTensor(v, `params.${k}`, backend)])));
    const x = toTensor(c.x, "x", backend, true);
    const y = m.forward(x);
    check.tensor("output", y, c.output);
    y.mul(toTensor(c.R, "R", backend)).sum().backward();
    const params = m.stateDict();
    for (const [k, want] of Object.entries(c.grads as Record<string, unknown>)) check.tensor(`grad ${k}`, k === "x" ? x.grad : params[k]?.grad, want);
  });
};

export const embedding: KindRunner = (fx: Fixture) => {
  return eachCase("embedding", fx, (c, check, backend) => {
    const cfg = c.config;
    const m = new Embedding(cfg.num_embeddings, cfg.embedding_dim, { paddingIdx: cfg.padding_idx ?? undefined, backend });
    if (m.paddingIdx !== (cfg.padding_idx_resolved ?? null)) check.failures.push(`paddingIdx: got ${m.paddingIdx}, PyTorch resolves ${cfg.padding_idx_resolved}`);
    if (c.init_padding_row && m.paddingIdx !== null) check.tensor("init padding row", m.weight.select(0, m.paddingIdx), c.init_padding_row);
    m.loadStateDict({ weight: toTensor(c.weight, "weight", backend) });
    const { values, shape } = toIds(c.ids, "ids");
    const y: Tensor = m.forward(nest(values, shape));
    check.tensor("output", y, c.output);
    y.mul(toTensor(c.R, "R", backend)).sum().backward();
    check.tensor("grad weight", m.weight.grad, c.grad_weight);
  });
};
