// kind "optimizer_resume": N steps, state dicts, a fresh optimizer and scheduler that load them,
// M more steps = N + M straight. Run twice: resuming from our own state dicts (through JSON, as a
// file would), and from PyTorch's own state dicts saved at step N.
import type { BackendName, Tensor } from "@tapegrad/autograd";
import { ReduceLROnPlateau, stateDictFromJson, stateDictToJson, type LRScheduler, type Optimizer } from "@tapegrad/nn";
import type { Fixture } from "../fixture";
import { checkOptimizerStateDict, fromFixtureValue, makeScheduler, optimizerFor, optimizerStateFromFixture, setGrads, tensorsOf } from "./optim-build";
import type { KindRunner } from "./types";

export const optimizerResume: KindRunner = (fx: Fixture) => {
  if (!Array.isArray(fx.cases)) throw new Error(`optimizer_resume: "cases" must be a list`);
  const n: number = fx.n;
  const m: number = fx.m;
  const build = (c: Record<string, any>, params: Tensor[]) => {
    const opt = optimizerFor(c, params);
    return { opt, sched: makeScheduler(String(c.scheduler), opt, c.scheduler_args ?? {}) };
  };
  const run = (c: Record<string, any>, params: Tensor[], opt: Optimizer, sched: LRScheduler | ReduceLROnPlateau, from: number, to: number, backend: BackendName) => {
    for (let k = from; k < to; k++) {
      setGrads(params, fx.grads[k], backend);
      opt.step();
      if (sched instanceof ReduceLROnPlateau) sched.step(c.metrics[k]);
      else sched.step();
    }
  };
  return fx.cases.flatMap((c: Record<string, any>, i: number) => {
    const label = String(c.label ?? i);
    return [
      {
        name: `${label}/own_state`,
        run(check, backend) {
          const params = tensorsOf(fx.initial_params, "initial_params", backend, true);
          const first = build(c, params);
          run(c, params, first.opt, first.sched, 0, n, backend);
          params.forEach((p, j) => check.tensor(`param ${j} at step ${n}`, p, c.params_at_n[j]));
          const osd = stateDictToJson(first.opt.stateDict());
          const ssd = stateDictToJson(first.sched.stateDict());
          checkOptimizerStateDict(check, `state_dict at step ${n}`, first.opt.stateDict(), c.optimizer_state_at_n);
          const fresh = params.map((p) => p.detach());
          fresh.forEach((p) => (p.requiresGrad = true));
          const second = build(c, fresh);
          second.opt.loadStateDict(stateDictFromJson(osd));
          second.sched.loadStateDict(stateDictFromJson(ssd));
          run(c, fresh, second.opt, second.sched, n, n + m, backend);
          fresh.forEach((p, j) => check.tensor(`resumed param ${j} after ${n}+${m}`, p, c.params_final[j]));
          first.opt.dispose();
          second.opt.dispose();
        },
      },
      {
        name: `${label}/pytorch_state`,
        run(check, backend) {
          const params = tensorsOf(c.params_at_n, "params_at_n", backend, true);
          const { opt, sched } = build(c, params);
          opt.loadStateDict(optimizerStateFromFixture(c.optimizer_state_at_n));
          sched.loadStateDict(fromFixtureValue(c.scheduler_state_at_n) as Record<string, unknown>);
          run(c, params, opt, sched, n, n + m, backend);
          params.forEach((p, j) => check.tensor(`param ${j} after ${n}+${m}`, p, c.params_final[j]));
          opt.dispose();
        },
      },
    ];
  });
};
