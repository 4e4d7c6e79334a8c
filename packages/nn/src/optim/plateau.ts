// ReduceLROnPlateau: multiplies every group's rate by `factor` once a watched metric has not
// improved for `patience` epochs (PyTorch's ReduceLROnPlateau, same counters and thresholds).
import { checkOptions, type OptionSpec } from "@tapegrad/autograd";
import type { Optimizer } from "./optimizer";
import { checkSchedulerArgs } from "./schedule";
import type { SchedulerStateDict } from "./state-dict";

export interface ReduceLROnPlateauOptions {
  /** "min": lower is better (a loss); "max": higher is better (an accuracy). */
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  /** A floor for all groups or one per group. */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped. */
  eps?: number;
}

const PLATEAU_OPTIONS: OptionSpec<ReduceLROnPlateauOptions> = {
  mode: "string", factor: "number", patience: "integer", threshold: "number", thresholdMode: "string", cooldown: "integer",
  minLr: (v) => (typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number")) ? null : "must be a number or one number per group"),
  eps: "number",
};

export class ReduceLROnPlateau {
  mode: "min" | "max";
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: "rel" | "abs";
  cooldown: number;
  minLrs: number[];
  eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLrs: number[];

  constructor(readonly optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const name = "ReduceLROnPlateau";
    checkSchedulerArgs(name, optimizer, {});
    const opts = checkOptions(name, options, PLATEAU_OPTIONS);
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor < 1)) throw new Error(`${name}: Factor should be < 1.0.`);
    const groups = optimizer.paramGroups.length;
    const minLr = opts.minLr ?? 0;
    if (Array.isArray(minLr) && minLr.length !== groups) throw new Error(`${name}: expected ${groups} min_lrs, got ${minLr.length}`);
    this.minLrs = Array.isArray(minLr) ? minLr.slice() : new Array<number>(groups).fill(minLr);
    this.mode = opts.mode ?? "min";
    this.thresholdMode = opts.thresholdMode ?? "rel";
    if (this.mode !== "min" && this.mode !== "max") throw new Error(`${name}: mode ${String(this.mode)} is unknown!`);
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") throw new Error(`${name}: threshold mode ${String(this.thresholdMode)} is unknown!`);
    this.patience = opts.patience ?? 10;
    this.threshold = opts.threshold ?? 1e-4;
    this.cooldown = opts.cooldown ?? 0;
    this.eps = opts.eps ?? 1e-8;
    this.best = this.modeWorse;
    this.lastLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  private get modeWorse(): number {
    return this.mode === "min" ? Infinity : -Infinity;
  }

  /** True when `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    const { mode, thresholdMode: tm, threshold: t } = this;
    if (mode === "min") return tm === "rel" ? a < best * (1 - t) : a < best - t;
    return tm === "rel" ? a > best * (t + 1) : a > best + t;
  }

  /** Records one epoch's metric and reduces the rates when it has stalled too long. */
  step(metric: number): void {
    if (typeof metric !== "number") throw new Error(`ReduceLROnPlateau.step: expected the metric as a number, got ${typeof metric}`);
    this.lastEpoch++;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - newLr > this.eps) g.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLrs = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The rates after the last step. */
  getLastLr(): number[] {
    return this.lastLrs.slice();
  }

  /** PyTorch's state_dict() names (best is ±Infinity until the first step). */
  stateDict(): SchedulerStateDict {
    return {
      factor: this.factor, min_lrs: this.minLrs.slice(), patience: this.patience, cooldown: this.cooldown, cooldown_counter: this.cooldownCounter,
      mode: this.mode, threshold: this.threshold, threshold_mode: this.thresholdMode, best: this.best, num_bad_epochs: this.numBadEpochs,
      mode_worse: this.modeWorse, eps: this.eps, last_epoch: this.lastEpoch, _last_lr: this.lastLrs.slice(),
    };
  }

  /** Restores a state dict made by stateDict() (or PyTorch's, converted to JSON). */
  loadStateDict(sd: SchedulerStateDict): void {
    const need = ["factor", "min_lrs", "patience", "cooldown", "cooldown_counter", "mode", "threshold", "threshold_mode", "best", "num_bad_epochs", "eps", "last_epoch"];
    for (const k of need) if (!(k in sd)) throw new Error(`ReduceLROnPlateau.loadStateDict: missing "${k}"`);
    const minLrs = sd.min_lrs as number[];
    if (!Array.isArray(minLrs) || minLrs.length !== this.optimizer.paramGroups.length) {
      throw new Error(`ReduceLROnPlateau.loadStateDict: "min_lrs" must list ${this.optimizer.paramGroups.length} numbers, got ${JSON.stringify(minLrs)}`);
    }
    if (sd.mode !== "min" && sd.mode !== "max") throw new Error(`ReduceLROnPlateau.loadStateDict: mode ${String(sd.mode)} is unknown!`);
    Object.assign(this, {
      factor: sd.factor, minLrs: minLrs.slice(), patience: sd.patience, cooldown: sd.cooldown, cooldownCounter: sd.cooldown_counter, mode: sd.mode,
      threshold: sd.threshold, thresholdMode: sd.threshold_mode, best: sd.best, numBadEpochs: sd.num_bad_epochs, eps: sd.eps, lastEpoch: sd.last_epoch,
    });
    if (Array.isArray(sd._last_lr)) this.lastLrs = (sd._last_lr as number[]).slice();
  }
}
