// kind "clip_grad_norm": total norm returned and gradients after clipping.
import { tensor, type BackendName, type Tensor } from "@tapegrad/autograd";
import { clipGradNorm, clipGradValue } from "@tapegrad/nn";
import { asFixtureTensor, type Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

/** Zero parameters whose .grad holds the fixture's gradients (what both clipping kinds start from). */
function parametersWithGrads(gradsIn: unknown[], backend: BackendName): Tensor[] {
  return gradsIn.map((g, j) => {
    const t = asFixtureTensor(g, `grads_in[${j}]`);
    const p = tensor(new Array(t.data.length).fill(0), { backend, shape: t.shape, requiresGrad: true });
    p.grad = tensor(t.data, { backend, shape: t.shape });
    return p;
  });
}

export const clip: KindRunner = (fx: Fixture) => {
  return eachCase("clip_grad_norm", fx, (c, check, backend) => {
    const params = parametersWithGrads(c.grads_in, backend);
    const total = clipGradNorm(params, c.max_norm, c.norm_type ?? 2);
    check.scalar("total_norm", total, c.total_norm);
    params.forEach((p, j) => check.tensor(`grads_out[${j}]`, p.grad, c.grads_out[j]));
  });
};

/** kind "clip_grad_value": gradients after clamping to [−clip_value, clip_value]. */
export const clipValue: KindRunner = (fx: Fixture) => {
  return eachCase("clip_grad_value", fx, (c, check, backend) => {
    const params = parametersWithGrads(c.grads_in, backend);
    clipGradValue(params, c.clip_value);
    params.forEach((p, j) => check.tensor(`grads_out[${j}]`, p.grad, c.grads_out[j]));
  });
};
