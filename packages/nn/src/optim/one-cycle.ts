// OneCycleLR (Smith's 1cycle policy, PyTorch's OneCycleLR): the rate rises from maxLr/divFactor
// to maxLr over pctStart of the steps and anneals to initial/finalDivFactor; momentum (SGD,
// RMSprop) or beta1 (Adam) cycles the other way. Step it once per batch.
import { checkOptions, type OptionKind, type OptionSpec } from "@tapegrad/autograd";
import type { Optimizer } from "./optimizer";
import { checkSchedulerArgs, LRScheduler } from "./schedule";
import type { SchedulerStateDict } from "./state-dict";

export interface OneCycleLROptions {
  /** Peak rate, one for all groups or one per group. */
  maxLr: number | number[];
  /** Steps in the cycle; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent rising (default 0.3). */
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum / beta1 inversely to the rate (default true). */
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  /** initial rate = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** final rate = initial / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** A third phase annealing back to the initial rate before the final one (default false). */
  threePhase?: boolean;
}

const numberOrList: OptionKind = (v) => (typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number")) ? null : "must be a number or one number per group");

const ONE_CYCLE_OPTIONS: OptionSpec<OneCycleLROptions> = {
  maxLr: numberOrList, totalSteps: "any", epochs: "any", stepsPerEpoch: "any", pctStart: "number", annealStrategy: "string",
  cycleMomentum: "boolean", baseMomentum: numberOrList, maxMomentum: numberOrList, divFactor: "number", finalDivFactor: "number", threePhase: "boolean",
};

type GroupKey = "initialLr" | "maxLr" | "minLr" | "maxMomentum" | "baseMomentum";

interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

const KEY: Record<string, GroupKey> = { initial_lr: "initialLr", max_lr: "maxLr", min_lr: "minLr", max_momentum: "maxMomentum", base_momentum: "baseMomentum" };

export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  annealStrategy: "cos" | "linear";
  cycleMomentum: boolean;
  useBeta1: boolean;
  phases: Phase[];

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    const name = "OneCycleLR";
    checkSchedulerArgs(name, optimizer, {});
    const opts = checkOptions(name, options, ONE_CYCLE_OPTIONS);
    const groups = optimizer.paramGroups;
    const perGroup = (what: string, v: number | number[]): number[] => {
      if (!Array.isArray(v)) return groups.map(() => v);
      if (v.length !== groups.length) throw new Error(`${name}: expected ${groups.length} values for ${what}, got ${v.length}`);
      return v;
    };
    let total: number;
    if (opts.totalSteps !== undefined) {
      if (!(Number.isInteger(opts.totalSteps) && opts.totalSteps > 0)) throw new Error(`${name}: Expected positive integer total_steps, but got ${opts.totalSteps}`);
      total = opts.totalSteps;
    } else if (opts.epochs !== undefined && opts.stepsPerEpoch !== undefined) {
      if (!(Number.isInteger(opts.epochs) && opts.epochs > 0)) throw new Error(`${name}: Expected positive integer epochs, but got ${opts.epochs}`);
      if (!(Number.isInteger(opts.stepsPerEpoch) && opts.stepsPerEpoch > 0)) throw new Error(`${name}: Expected positive integer steps_per_epoch, but got ${opts.stepsPerEpoch}`);
      total = opts.epochs * opts.stepsPerEpoch;
    } else {
      throw new Error(`${name}: You must define either totalSteps OR (epochs AND stepsPerEpoch)`);
    }
    const pct = opts.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new Error(`${name}: Expected float between 0 and 1 pct_start, but got ${pct}`);
    const anneal = opts.annealStrategy ?? "cos";
    if (anneal !== "cos" && anneal !== "linear") throw new Error(`${name}: anneal_strategy must by one of 'cos' or 'linear', instead got ${String(anneal)}`);
    const cycle = opts.cycleMomentum ?? true;
    const useBeta1 = "betas" in optimizer.defaults;
    if (cycle && !useBeta1 && !("momentum" in optimizer.defaults)) throw new Error(`${name}: optimizer must support momentum with \`cycle_momentum\` option enabled`);
    const maxLrs = perGroup("max_lr", opts.maxLr);
    const maxMomenta = perGroup("max_momentum", opts.maxMomentum ?? 0.95);
    const baseMomenta = perGroup("base_momentum", opts.baseMomentum ?? 0.85);
    const div = opts.divFactor ?? 25;
    const finalDiv = opts.finalDivFactor ?? 1e4;
    groups.forEach((g, i) => {
      g.initialLr = maxLrs[i] / div;
      g.maxLr = maxLrs[i];
      g.minLr = g.initialLr / finalDiv;
      if (cycle) {
        setMomentum(g, useBeta1, maxMomenta[i]);
        g.maxMomentum = maxMomenta[i];
        g.baseMomentum = baseMomenta[i];
      }
    });
    super(optimizer);
    this.totalSteps = total;
    this.annealStrategy = anneal;
    this.cycleMomentum = cycle;
    this.useBeta1 = useBeta1;
    const phase = (end: number, lr0: string, lr1: string, m0: string, m1: string): Phase => ({ end_step: end, start_lr: lr0, end_lr: lr1, start_momentum: m0, end_momentum: m1 });
    this.phases = opts.threePhase
      ? [
          phase(pct * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
          phase(2 * pct * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
          phase(total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
        ]
      : [phase(pct * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"), phase(total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")];
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "linear") return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected computeLrs(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps) throw new Error(`OneCycleLR: Tried to step ${t + 1} times. The specified number of total steps is ${this.totalSteps}`);
    return this.optimizer.paramGroups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const p = this.phases[i];
        if (t <= p.end_step || i === this.phases.length - 1) {
          const pct = (t - start) / (p.end_step - start);
          if (this.cycleMomentum) setMomentum(g, this.useBeta1, this.anneal(g[KEY[p.start_momentum]]!, g[KEY[p.end_momentum]]!, pct));
          return this.anneal(g[KEY[p.start_lr]]!, g[KEY[p.end_lr]]!, pct);
        }
        start = p.end_step;
      }
      throw new Error("OneCycleLR: internal error: no phase");
    });
  }

  protected settings() {
    return { total_steps: this.totalSteps, _schedule_phases: this.phases.map((p) => ({ ...p })), anneal_strategy: this.annealStrategy, cycle_momentum: this.cycleMomentum, use_beta1: this.useBeta1 };
  }

  // PyTorch's own dict has no anneal_strategy (it holds the function) and use_beta1 only when
  // momentum cycles; both then stay as constructed.
  protected override requiredSettings(): string[] {
    return ["total_steps", "_schedule_phases", "cycle_momentum"];
  }

  protected loadSettings(sd: SchedulerStateDict): void {
    this.totalSteps = sd.total_steps as number;
    this.phases = (sd._schedule_phases as Phase[]).map((p) => ({ ...p }));
    if (sd.anneal_strategy === "cos" || sd.anneal_strategy === "linear") this.annealStrategy = sd.anneal_strategy;
    this.cycleMomentum = sd.cycle_momentum as boolean;
    if (typeof sd.use_beta1 === "boolean") this.useBeta1 = sd.use_beta1;
  }
}

/** Sets a group's momentum, or beta1 of its betas (Adam). */
function setMomentum(group: object, useBeta1: boolean, m: number): void {
  const g = group as { betas?: number[]; momentum?: number };
  if (useBeta1) g.betas = [m, g.betas![1]];
  else g.momentum = m;
}
