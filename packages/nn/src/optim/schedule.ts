// Learning-rate schedules with PyTorch's semantics: constructing one sets each group's
// `initialLr` (when absent) and applies epoch 0; call step() once per epoch or batch, after
// optimizer.step(). Rules use PyTorch's chainable form (each step scales the group's current lr),
// so they compose with changes made from outside, and a state dict resumes them exactly.
import { checkOptions, describeValue } from "@tapegrad/autograd";
import { Optimizer } from "./optimizer";
import type { SchedulerStateDict } from "./state-dict";

/** The base of epoch-driven schedulers (PyTorch's _LRScheduler). */
export abstract class LRScheduler {
  /** The epoch (step count) the current rates belong to; −1 before construction finishes. */
  lastEpoch = -1;
  /** Each group's initialLr when the scheduler was made. */
  baseLrs: number[];
  protected stepCount = 0;
  private lastLrs: number[] = [];

  constructor(readonly optimizer: Optimizer) {
    checkSchedulerArgs(new.target.name, optimizer, {});
    for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /** Subclasses call this at the end of their constructor (PyTorch's _initial_step). */
  protected initialStep(): void {
    this.step();
  }

  /** The rates for `lastEpoch`, one per group. */
  protected abstract computeLrs(): number[];

  /** Advances one epoch and sets every group's lr. */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    const lrs = this.computeLrs();
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]));
    this.lastLrs = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The rates the last step set (PyTorch's get_last_lr()). */
  getLastLr(): number[] {
    return this.lastLrs.slice();
  }

  /** This scheduler's settings under PyTorch's snake_case names. */
  protected abstract settings(): Record<string, unknown>;

  /** PyTorch's scheduler.state_dict(): settings, base_lrs, last_epoch, _step_count, _last_lr. */
  stateDict(): SchedulerStateDict {
    return { ...this.settings(), base_lrs: this.baseLrs.slice(), last_epoch: this.lastEpoch, _step_count: this.stepCount, _last_lr: this.lastLrs.slice() };
  }

  /** Restores a state dict (PyTorch's load_state_dict; the group rates come from the optimizer's own state dict). */
  loadStateDict(sd: SchedulerStateDict): void {
    const name = this.constructor.name;
    const groups = this.optimizer.paramGroups.length;
    const list = (k: string): number[] => {
      const v = sd[k];
      if (!Array.isArray(v) || v.length !== groups || v.some((x) => typeof x !== "number")) {
        throw new Error(`${name}.loadStateDict: "${k}" must be a list of ${groups} numbers (one per parameter group), got ${JSON.stringify(v)}`);
      }
      return v.slice();
    };
    const int = (k: string): number => {
      const v = sd[k];
      if (!(typeof v === "number" && Number.isInteger(v))) throw new Error(`${name}.loadStateDict: "${k}" must be an integer, got ${JSON.stringify(v)}`);
      return v;
    };
    const baseLrs = list("base_lrs");
    const lastLrs = list("_last_lr");
    const lastEpoch = int("last_epoch");
    const stepCount = int("_step_count");
    for (const k of this.requiredSettings()) if (!(k in sd)) throw new Error(`${name}.loadStateDict: missing "${k}"`);
    this.loadSettings(sd);
    Object.assign(this, { baseLrs, lastLrs, lastEpoch, stepCount });
  }

  /** Settings a state dict must carry (all by default). */
  protected requiredSettings(): string[] {
    return Object.keys(this.settings());
  }

  /** Takes the settings back from a state dict (PyTorch restores every attribute). */
  protected abstract loadSettings(sd: SchedulerStateDict): void;
}

/** A scheduler drives an Optimizer (passing the model or its parameters is a common slip) with finite numbers. */
export function checkSchedulerArgs(name: string, optimizer: unknown, numbers: Record<string, unknown>): void {
  if (!(optimizer instanceof Optimizer)) throw new Error(`${name}: expected an Optimizer (e.g. new Adam(params)), got ${describeValue(optimizer)}`);
  for (const [what, v] of Object.entries(numbers)) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${name}: ${what} must be a finite number, got ${describeValue(v)}`);
  }
}

function positiveInt(name: string, what: string, v: number): void {
  if (!(Number.isInteger(v) && v > 0)) throw new Error(`${name}: ${what} must be a positive integer, got ${v}`);
}

/** lr ·= gamma every stepSize epochs (PyTorch StepLR). */
export class StepLR extends LRScheduler {
  constructor(optimizer: Optimizer, public stepSize: number, public gamma = 0.1) {
    super(optimizer);
    checkSchedulerArgs("StepLR", optimizer, { stepSize, gamma });
    positiveInt("StepLR", "stepSize", stepSize);
    this.initialStep();
  }

  protected computeLrs(): number[] {
    const keep = this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0;
    return this.optimizer.paramGroups.map((g) => (keep ? g.lr : g.lr * this.gamma));
  }

  protected settings() { return { step_size: this.stepSize, gamma: this.gamma }; }
  protected loadSettings(sd: SchedulerStateDict): void { this.stepSize = sd.step_size as number; this.gamma = sd.gamma as number; }
}

/** lr ·= gamma every epoch (PyTorch ExponentialLR). */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: Optimizer, public gamma: number) {
    super(optimizer);
    if (!(typeof gamma === "number" && Number.isFinite(gamma))) throw new Error(`ExponentialLR: gamma must be a number, got ${gamma}`);
    this.initialStep();
  }

  protected computeLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }

  protected settings() { return { gamma: this.gamma }; }
  protected loadSettings(sd: SchedulerStateDict): void { this.gamma = sd.gamma as number; }
}

export interface LinearLROptions {
  /** Factor at epoch 0 (default 1/3). */
  startFactor?: number;
  /** Factor from epoch totalIters on (default 1). */
  endFactor?: number;
  /** Epochs of the ramp (default 5). */
  totalIters?: number;
}

/** Scales lr linearly from startFactor·base to endFactor·base over totalIters epochs — warm-up (PyTorch LinearLR). */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    super(optimizer);
    const opts = checkOptions("LinearLR", options, { startFactor: "number", endFactor: "number", totalIters: "integer" });
    this.startFactor = opts.startFactor ?? 1 / 3;
    this.endFactor = opts.endFactor ?? 1;
    this.totalIters = opts.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new Error(`LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got ${this.startFactor}`);
    if (!(this.endFactor >= 0 && this.endFactor <= 1)) throw new Error(`LinearLR: Ending multiplicative factor expected to be between 0 and 1, got ${this.endFactor}`);
    positiveInt("LinearLR", "totalIters", this.totalIters);
    this.initialStep();
  }

  protected computeLrs(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    return this.optimizer.paramGroups.map((g) => {
      if (t === 0) return g.lr * s;
      if (t > n) return g.lr;
      return g.lr * (1 + (e - s) / (n * s + (t - 1) * (e - s)));
    });
  }

  protected settings() { return { start_factor: this.startFactor, end_factor: this.endFactor, total_iters: this.totalIters }; }
  protected loadSettings(sd: SchedulerStateDict): void {
    this.startFactor = sd.start_factor as number;
    this.endFactor = sd.end_factor as number;
    this.totalIters = sd.total_iters as number;
  }
}

/**
 * lr = etaMin + (base − etaMin)(1 + cos(π·epoch/tMax))/2 (PyTorch CosineAnnealingLR in its closed
 * form, which its recursive form equals to rounding when nothing else changes the rate).
 */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: Optimizer, public tMax: number, public etaMin = 0) {
    super(optimizer);
    checkSchedulerArgs("CosineAnnealingLR", optimizer, { tMax, etaMin });
    if (!(tMax > 0)) throw new Error(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
    this.initialStep();
  }

  protected computeLrs(): number[] {
    if (this.lastEpoch === 0) return this.optimizer.paramGroups.map((g) => g.lr);
    const cos = Math.cos((Math.PI * this.lastEpoch) / this.tMax);
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + cos)) / 2);
  }

  protected settings() { return { T_max: this.tMax, eta_min: this.etaMin }; }
  protected loadSettings(sd: SchedulerStateDict): void { this.tMax = sd.T_max as number; this.etaMin = sd.eta_min as number; }
}
