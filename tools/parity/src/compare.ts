// Comparing computed values against PyTorch's, with per-backend tolerances, keeping the worst.
import type { BackendName, Tensor } from "@tapegrad/autograd";
import { asFixtureTensor } from "./fixture";

/** A value passes when |got − want| ≤ max(atol, rtol·|want|). */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** js (float64): 1e-9 absolute or relative; wasm (float32): 1e-4 relative, 1e-5 absolute near zero. */
export const TOLERANCES: Record<BackendName, Tolerance> = {
  js: { atol: 1e-9, rtol: 1e-9 },
  wasm: { atol: 1e-5, rtol: 1e-4 },
};

/** Values smaller than this are left out of the reported relative error (not of the pass test). */
export const REL_FLOOR = 1e-2;

export interface Worst {
  /** Largest |got − want| over all values checked. */
  abs: number;
  /** Largest |got − want| / |want| over values with |want| ≥ REL_FLOOR (relative error of tiny values says little). */
  rel: number;
  /** Largest error / allowed error (≤ 1 passes) and where it was. */
  ratio: number;
  where: string;
}

export class Checker {
  readonly failures: string[] = [];
  readonly worst: Worst = { abs: 0, rel: 0, ratio: 0, where: "" };
  checked = 0;

  constructor(readonly tol: Tolerance) {}

  /** Compares a tensor (or flat values) against an encoded fixture tensor, shape included. */
  tensor(name: string, got: Tensor | null | undefined, want: unknown): void {
    const w = asFixtureTensor(want, name);
    if (!got) {
      this.failures.push(`${name}: missing (expected shape [${w.shape.join(", ")}])`);
      return;
    }
    if (got.shape.length !== w.shape.length || got.shape.some((d, i) => d !== w.shape[i])) {
      this.failures.push(`${name}: shape [${got.shape.join(", ")}], expected [${w.shape.join(", ")}]`);
      return;
    }
    this.values(name, got.data(), w.data);
  }

  /** Compares flat values. */
  values(name: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
    if (got.length !== want.length) {
      this.failures.push(`${name}: ${got.length} values, expected ${want.length}`);
      return;
    }
    const { atol, rtol } = this.tol;
    let bad = 0;
    let firstBad = "";
    for (let i = 0; i < want.length; i++) {
      const a = got[i];
      const b = want[i];
      const err = Math.abs(a - b);
      const allowed = Math.max(atol, rtol * Math.abs(b));
      this.checked++;
      if (!(err <= allowed)) {
        // NaN lands here too.
        if (bad++ === 0) firstBad = `[${i}] got ${a}, expected ${b}`;
      }
      const ratio = Number.isNaN(err) ? Infinity : err / allowed;
      if (err > this.worst.abs || Number.isNaN(err)) this.worst.abs = Number.isNaN(err) ? Infinity : err;
      if (Math.abs(b) >= REL_FLOOR && err / Math.abs(b) > this.worst.rel) this.worst.rel = err / Math.abs(b);
      if (ratio > this.worst.ratio) {
        this.worst.ratio = ratio;
        this.worst.where = name;
      }
    }
    if (bad) this.failures.push(`${name}: ${bad} of ${want.length} values outside tolerance, first ${firstBad}`);
  }

  /** Compares one number. */
  scalar(name: string, got: number, want: unknown): void {
    if (typeof want !== "number") {
      this.failures.push(`${name}: fixture value is not a number`);
      return;
    }
    this.values(name, [got], [want]);
  }

  get ok(): boolean {
    return this.failures.length === 0;
  }
}
