// kind "optimizer": five steps of each optimizer from the same gradients; parameters and
// PyTorch's per-parameter state after every step.
import { tensor, type Tensor } from "@tapegrad/autograd";
import { Adam, AdamW, RMSprop, SGD, type Optimizer, type Params } from "@tapegrad/nn";
import { asFixtureTensor, toTensor, type Fixture } from "../fixture";
import type { KindRunner } from "./types";

const KEYS: Record<string, string> = {
  lr: "lr",
  momentum: "momentum",
  dampening: "dampening",
  weight_decay: "weightDecay",
  nesterov: "nesterov",
  betas: "betas",
  eps: "eps",
  amsgrad: "amsgrad",
  alpha: "alpha",
  centered: "centered",
  maximize: "maximize",
};
/** PyTorch's implementation switches in a parameter group: no effect on the arithmetic, not compared. */
export const IMPLEMENTATION_SWITCHES = new Set(["foreach", "capturable", "differentiable", "fused"]);

/** PyTorch hyperparameters (snake_case) → our options; unknown settings are an error, not ignored. */
export function optimizerOptions(hp: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(hp)) {
    if (k in KEYS) out[KEYS[k]] = v;
    else if (!(IMPLEMENTATION_SWITCHES.has(k) && (v === null || v === false))) throw new Error(`optimizer: unsupported hyperparameter ${k} = ${JSON.stringify(v)}`);
  }
  return out;
}

/** The optimizer PyTorch names (torch.optim.X), over tensors or parameter groups. */
export function makeOptimizer(name: string, params: Params<any>, opts: Record<string, unknown>): Optimizer {
  switch (name.replace(/^torch\.optim\./, "")) {
    case "SGD":
      return new SGD(params, opts as any);
    case "Adam":
      return new Adam(params, opts);
    case "AdamW":
      return new AdamW(params, opts);
    case "RMSprop":
      return new RMSprop(params, opts);
    default:
      throw new Error(`optimizer: unknown optimizer ${JSON.stringify(name)}`);
  }
}

export const optimizer: KindRunner = (fx: Fixture) => {
  if (!Array.isArray(fx.optimizers)) throw new Error(`optimizer: "optimizers" must be a list`);
  return fx.optimizers.map((o: Record<string, any>, i: number) => ({
    name: String(o.label ?? o.optimizer ?? i),
    run(check, backend) {
      const params: Tensor[] = fx.initial_params.map((p: unknown, j: number) => toTensor(p, `initial_params[${j}]`, backend, true));
      const opt = makeOptimizer(String(o.optimizer), params, optimizerOptions({ ...(o.defaults_used ?? {}), ...(o.hyperparams ?? {}) }));
      fx.grads.forEach((stepGrads: unknown[], k: number) => {
        params.forEach((p, j) => {
          const g = asFixtureTensor(stepGrads[j], `grads[${k}][${j}]`);
          p.grad = tensor(g.data, { backend, shape: g.shape });
        });
        opt.step();
        params.forEach((p, j) => {
          check.tensor(`step ${k} param ${j}`, p, o.params_after_step[k][j]);
          const want = o.state_after_step?.[k]?.[j] ?? {};
          const got = opt.stateOf(p);
          for (const [key, w] of Object.entries(want as Record<string, unknown>)) {
            const g = got[key];
            const where = `step ${k} param ${j} state.${key}`;
            if (w === null) {
              if (g !== null && g !== undefined) check.failures.push(`${where}: expected none, got a value`);
            } else if (typeof w === "number" || (typeof w === "object" && (w as { shape?: unknown[] }).shape?.length === 0)) {
              // `step` is an int in PyTorch 1.13 and a 0-d tensor in later versions.
              const want = typeof w === "number" ? w : asFixtureTensor(w, where).data[0];
              if (typeof g !== "number") check.failures.push(`${where}: missing`);
              else check.scalar(where, g, want);
            } else if (!(g instanceof Float64Array)) {
              check.failures.push(`${where}: missing`);
            } else {
              check.values(where, g, asFixtureTensor(w, where).data);
            }
          }
        });
      });
    },
  }));
};
