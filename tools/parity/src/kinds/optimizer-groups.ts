// kind "optimizer_groups": each optimizer with two parameter groups of their own hyperparameters;
// parameters after every step and the whole state dict (state + param_groups) after the last.
import type { Tensor } from "@tapegrad/autograd";
import type { Fixture } from "../fixture";
import { checkOptimizerStateDict, optimizerFor, setGrads, tensorsOf } from "./optim-build";
import type { KindRunner } from "./types";

export const optimizerGroups: KindRunner = (fx: Fixture) => {
  if (!Array.isArray(fx.optimizers)) throw new Error(`optimizer_groups: "optimizers" must be a list`);
  return fx.optimizers.map((c: Record<string, any>, i: number) => ({
    name: String(c.label ?? i),
    run(check, backend) {
      const params: Tensor[] = tensorsOf(fx.initial_params, "initial_params", backend, true);
      const opt = optimizerFor(c, params);
      fx.grads.forEach((grads: unknown[], k: number) => {
        setGrads(params, grads, backend);
        opt.step();
        params.forEach((p, j) => check.tensor(`step ${k} param ${j}`, p, c.params_after_step[k][j]));
      });
      checkOptimizerStateDict(check, "state_dict", opt.stateDict(), c.state_dict);
      opt.dispose();
    },
  }));
};
