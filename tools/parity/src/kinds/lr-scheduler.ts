// kind "lr_scheduler": each scheduler over its steps; every group's rate (and momentum / beta1
// for OneCycleLR) after every step, the scheduler's state dict and the groups' fields at the end.
import { zeros } from "@tapegrad/autograd";
import { ReduceLROnPlateau } from "@tapegrad/nn";
import type { Fixture } from "../fixture";
import { checkValue, makeScheduler } from "./optim-build";
import { makeOptimizer, optimizerOptions } from "./optimizer";
import { eachCase, type KindRunner } from "./types";

// PyTorch bookkeeping with no meaning here (printing, a re-entrancy flag).
const SKIP = new Set(["verbose", "_get_lr_called_within_step"]);

export const lrScheduler: KindRunner = (fx: Fixture) => {
  return eachCase("lr_scheduler", fx, (c, check, backend) => {
    const params = [zeros([2], { backend, requiresGrad: true }), zeros([3], { backend, requiresGrad: true })];
    const groups = params.map((p, j) => ({ params: [p], ...(c.group_lrs[j] === null ? {} : { lr: c.group_lrs[j] }) }));
    const opt = makeOptimizer(String(c.optimizer), groups, optimizerOptions(c.optimizer_defaults ?? {}));
    const sched = makeScheduler(String(c.scheduler), opt, c.args ?? {});
    const momentum = () => opt.paramGroups.map((group) => {
      const g = group as { betas?: number[]; momentum?: number };
      return g.betas ? g.betas[0] : g.momentum;
    });
    checkValue(check, "lr_initial", opt.paramGroups.map((g) => g.lr), c.lr_initial);
    if (c.momentum_initial) checkValue(check, "momentum_initial", momentum(), c.momentum_initial);
    for (let k = 0; k < c.steps; k++) {
      opt.step();
      if (sched instanceof ReduceLROnPlateau) sched.step(c.metrics[k]);
      else sched.step();
      checkValue(check, `step ${k} lrs`, opt.paramGroups.map((g) => g.lr), c.lrs[k]);
      checkValue(check, `step ${k} getLastLr`, sched.getLastLr(), c.lrs[k]);
      if (c.momentum) checkValue(check, `step ${k} momentum`, momentum(), c.momentum[k]);
    }
    const got = sched.stateDict();
    const shared = Object.keys(c.state_dict).filter((k) => !SKIP.has(k) && k in got);
    if (shared.length < 3) check.failures.push(`state_dict: only ${shared.length} keys in common with PyTorch's`);
    for (const k of shared) checkValue(check, `state_dict.${k}`, got[k], c.state_dict[k]);
    const saved = opt.stateDict().param_groups;
    c.param_groups.forEach((g: Record<string, unknown>, j: number) => {
      for (const [k, w] of Object.entries(g)) if (k in saved[j]) checkValue(check, `param_groups[${j}].${k}`, saved[j][k], w);
    });
  });
};
