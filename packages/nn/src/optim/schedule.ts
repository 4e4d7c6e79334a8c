// Learning-rate schedules: call step() once per epoch (after optimizer.step()), as in PyTorch.
import { describeValue } from "../options";
import { Optimizer } from "./optimizer";

/** The optimizer a scheduler drives must be one (a common slip: passing the model or its parameters). */
export function checkSchedulerArgs(name: string, optimizer: unknown, numbers: Record<string, unknown>): void {
  if (!(optimizer instanceof Optimizer)) throw new Error(`${name}: expected an Optimizer (e.g. new Adam(params)), got ${describeValue(optimizer)}`);
  for (const [what, v] of Object.entries(numbers)) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${name}: ${what} must be a finite number, got ${describeValue(v)}`);
  }
}

/** lr = initial · gamma^⌊epoch / stepSize⌋ (PyTorch StepLR). */
export class StepLR {
  epoch = 0;
  constructor(readonly optimizer: Optimizer, readonly stepSize: number, readonly gamma = 0.1) {
    checkSchedulerArgs("StepLR", optimizer, { stepSize, gamma });
    if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new Error(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
  }

  step(): void {
    this.epoch++;
    this.optimizer.lr = this.optimizer.initialLr * this.gamma ** Math.floor(this.epoch / this.stepSize);
  }
}

/** lr = etaMin + (initial − etaMin)(1 + cos(π·epoch/tMax))/2 (PyTorch CosineAnnealingLR, closed form). */
export class CosineAnnealingLR {
  epoch = 0;
  constructor(readonly optimizer: Optimizer, readonly tMax: number, readonly etaMin = 0) {
    checkSchedulerArgs("CosineAnnealingLR", optimizer, { tMax, etaMin });
    if (!(tMax > 0)) throw new Error(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
  }

  step(): void {
    this.epoch++;
    const base = this.optimizer.initialLr;
    this.optimizer.lr = this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.epoch) / this.tMax))) / 2;
  }
}
