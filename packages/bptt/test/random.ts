// A randomly sized layer problem run through any backend: the shared body of the agreement,
// finite-difference and memory tests.
import { Recurrent, type Mode, type Ops, type ParamName } from "../src/index";
import { rng } from "../../../test/support/mulberry32";
import { array, randomValues } from "./helpers";

export interface Problem {
  mode: Mode;
  T: number;
  B: number;
  I: number;
  H: number;
  bias: boolean;
  /** Whether h0 (and c0) are given, or left to default zeros. */
  state: boolean;
  seed: number;
}

export interface ProblemValues {
  params: Record<string, number[]>;
  x: number[];
  h0: number[] | null;
  c0: number[] | null;
  R: number[];
  S: number[];
  Q: number[] | null;
}

/** Parameters, inputs and loss weights for a problem, drawn from its seed. */
export function problemValues(p: Problem): ProblemValues {
  const next = rng(p.seed);
  const G = { rnn_tanh: 1, rnn_relu: 1, lstm: 4, gru: 3 }[p.mode], GH = G * p.H, BH = p.B * p.H;
  const lstm = p.mode === "lstm";
  const params: Record<string, number[]> = {
    weight_ih: randomValues(GH * p.I, next, 0.6),
    weight_hh: randomValues(GH * p.H, next, 0.6),
  };
  if (p.bias) {
    params.bias_ih = randomValues(GH, next, 0.5);
    params.bias_hh = randomValues(GH, next, 0.5);
  }
  return {
    params,
    x: randomValues(p.T * p.B * p.I, next),
    h0: p.state ? randomValues(BH, next) : null,
    c0: p.state && lstm ? randomValues(BH, next) : null,
    R: randomValues(p.T * BH, next),
    S: randomValues(BH, next),
    Q: lstm ? randomValues(BH, next) : null,
  };
}

/** A problem set up on one backend, ready to run forward/backward repeatedly. */
export class Setup<A> {
  readonly rec: Recurrent<A>;
  readonly x: A;
  readonly h0: A | null;
  readonly c0: A | null;
  readonly R: A;
  readonly S: A;
  readonly Q: A | null;
  readonly dx: A;
  readonly dh0: A;
  readonly dc0: A | null;

  constructor(readonly ops: Ops<A>, readonly p: Problem, v: ProblemValues = problemValues(p)) {
    this.rec = new Recurrent(ops, { mode: p.mode, inputSize: p.I, hiddenSize: p.H, bias: p.bias });
    for (const [n, values] of Object.entries(v.params)) this.rec.layer.load(n as ParamName, values);
    const maybe = (values: number[] | null): A | null => (values ? array(ops, values) : null);
    this.x = array(ops, v.x);
    this.h0 = maybe(v.h0);
    this.c0 = maybe(v.c0);
    this.R = array(ops, v.R);
    this.S = array(ops, v.S);
    this.Q = maybe(v.Q);
    this.dx = ops.alloc(v.x.length);
    this.dh0 = ops.alloc(p.B * p.H);
    this.dc0 = p.mode === "lstm" ? ops.alloc(p.B * p.H) : null;
  }

  /** L = Σ output⊙R + Σ h_n⊙S (+ Σ c_n⊙Q), in float64 from the forward's results. */
  forward(): number {
    const { ops, p } = this;
    const out = this.rec.forward(this.x, p.T, p.B, { h0: this.h0, c0: this.c0 });
    const dot = (a: A, b: A): number => {
      const u = ops.read(a), w = ops.read(b);
      return u.reduce((s, ui, i) => s + ui * w[i], 0);
    };
    return dot(out.output, this.R) + dot(out.hN, this.S) + (out.cN && this.Q ? dot(out.cN, this.Q) : 0);
  }

  /** Zeroes every gradient, then backward with dOutput = R, dh_n = S, dc_n = Q. */
  backward(): void {
    const { ops } = this;
    this.rec.layer.zeroGrad();
    for (const d of [this.dx, this.dh0, this.dc0]) if (d) ops.fill(d, 0);
    this.rec.backward({ dOutput: this.R, dhN: this.S, dcN: this.Q, dx: this.dx, dh0: this.dh0, dc0: this.dc0 });
  }

  /** Everything forward and backward produce, by name, as float64. */
  results(): Record<string, Float64Array> {
    const { ops, rec } = this;
    const ws = rec.workspace(this.p.T, this.p.B) as { output: A; hN: A; cN?: A };
    const r: Record<string, Float64Array> = { output: ops.read(ws.output), hN: ops.read(ws.hN), dx: ops.read(this.dx), dh0: ops.read(this.dh0) };
    if (ws.cN) r.cN = ops.read(ws.cN);
    if (this.dc0) r.dc0 = ops.read(this.dc0);
    for (const n of rec.layer.names()) r[`d${n}`] = ops.read(rec.layer.grads[n]!);
    return r;
  }

  dispose(): void {
    for (const a of [this.x, this.h0, this.c0, this.R, this.S, this.Q, this.dx, this.dh0, this.dc0]) if (a) this.ops.free(a);
    this.rec.dispose();
  }
}
