/**
 * Progress reporting for the example trainers: a live cli-progress bar on a terminal, one plain
 * line per epoch elsewhere (CI logs, pipes), nothing at all when silent. The trainer calls the
 * same four methods in every mode, so it never asks what kind of output it has.
 */
import cliProgress from "cli-progress";

export type ProgressMode = "bar" | "lines" | "silent";

export interface ProgressOptions {
  epochs: number;
  stepsPerEpoch: number;
  /** Name of the validation number shown, e.g. "val MAE °C" or "val bpc". */
  validationName?: string;
  /** Default: "bar" when the stream is a TTY and CI is unset, else "lines". */
  mode?: ProgressMode;
  /** Where output goes; default process.stdout. */
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

export interface EpochSummary {
  trainLoss: number;
  validation?: number;
  /** The validation loss in the training loss's units (for loss charts; not printed). */
  validationLoss?: number;
}

/** Chooses bar or lines from the stream, so a CI log never gets carriage-return noise. */
export function defaultProgressMode(stream: { isTTY?: boolean }): ProgressMode {
  return stream.isTTY && !process.env.CI ? "bar" : "lines";
}

const fmt = (x: number | undefined, digits = 4): string => (x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits));

/** Reports epoch, running loss, validation metric and steps per second. */
export class TrainingProgress {
  readonly mode: ProgressMode;
  private readonly opts: ProgressOptions;
  private readonly stream: NonNullable<ProgressOptions["stream"]>;
  private readonly now: () => number;
  private bar: cliProgress.SingleBar | null = null;
  private epoch = 0;
  private stepInEpoch = 0;
  private lossSum = 0;
  private epochStart = 0;
  private lastValidation: number | undefined;

  constructor(opts: ProgressOptions) {
    if (!(Number.isInteger(opts.epochs) && opts.epochs > 0)) throw new Error(`TrainingProgress: expected epochs to be a positive integer, got ${opts.epochs}`);
    if (!(Number.isInteger(opts.stepsPerEpoch) && opts.stepsPerEpoch > 0)) {
      throw new Error(`TrainingProgress: expected stepsPerEpoch to be a positive integer, got ${opts.stepsPerEpoch}`);
    }
    this.opts = opts;
    this.stream = opts.stream ?? process.stdout;
    this.mode = opts.mode ?? defaultProgressMode(this.stream);
    this.now = opts.now ?? (() => performance.now());
  }

  /** Call before the first step of each epoch (1-based). */
  startEpoch(epoch: number): void {
    this.epoch = epoch;
    this.stepInEpoch = 0;
    this.lossSum = 0;
    this.epochStart = this.now();
    if (this.mode !== "bar") return;
    const payload = this.payload();
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          format: "epoch {epoch}/{epochs} [{bar}] {value}/{total} | loss {loss} | {valName} {val} | {sps} steps/s",
          stream: this.stream as NodeJS.WritableStream,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.opts.stepsPerEpoch, 0, payload);
    } else {
      this.bar.setTotal(this.opts.stepsPerEpoch);
      this.bar.update(0, payload);
    }
  }

  /** Call after each optimiser step with that batch's loss. */
  step(loss: number): void {
    this.stepInEpoch++;
    this.lossSum += loss;
    this.bar?.update(this.stepInEpoch, this.payload());
  }

  /** Call when the epoch's validation is done; prints the epoch line in "lines" mode. */
  endEpoch(summary: EpochSummary): void {
    this.lastValidation = summary.validation;
    if (this.mode === "bar") {
      this.bar?.update(this.stepInEpoch, { ...this.payload(), loss: fmt(summary.trainLoss) });
      return;
    }
    if (this.mode === "lines") {
      const valPart = summary.validation === undefined ? "" : `  ${this.opts.validationName ?? "val"} ${fmt(summary.validation)}`;
      this.stream.write(`epoch ${this.epoch}/${this.opts.epochs}  loss ${fmt(summary.trainLoss)}${valPart}  ${fmt(this.stepsPerSecond(), 1)} steps/s\n`);
    }
  }

  /** Releases the terminal (cursor, final newline); safe to call twice. */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }

  private stepsPerSecond(): number {
    const seconds = (this.now() - this.epochStart) / 1000;
    return seconds > 0 ? this.stepInEpoch / seconds : NaN;
  }

  private payload(): Record<string, string | number> {
    return {
      epoch: this.epoch,
      epochs: this.opts.epochs,
      loss: fmt(this.stepInEpoch > 0 ? this.lossSum / this.stepInEpoch : undefined),
      valName: this.opts.validationName ?? "val",
      val: fmt(this.lastValidation),
      sps: fmt(this.stepsPerSecond(), 1),
    };
  }
}
