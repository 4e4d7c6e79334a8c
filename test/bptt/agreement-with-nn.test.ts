// The hand-written BPTT (@tapegrad/bptt) and the nn layers trained through autograd compute the
// same thing: on random small problems, outputs, final states and every gradient agree, within
// 1e-12 on the float64 backend and 1e-5 relative on wasm float32.
import { tensor, type Tensor } from "@tapegrad/autograd";
import { GRU, LSTM, RNN, type RecurrentInput, type RecurrentOutput, type RNNBase } from "@tapegrad/nn";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Mode } from "@tapegrad/bptt";
import { opsFor } from "../../packages/bptt/test/helpers";
import { problemValues, Setup, type Problem, type ProblemValues } from "../../packages/bptt/test/random";

/** How the initial state is handed over: random values, explicit zeros, or left out (default zeros). */
type InitialState = "random" | "zeros" | "absent";

interface Case extends Problem {
  initial: InitialState;
  /** nn's fused cell kernels, or its cells written from plain autograd ops (independent of bptt's). */
  fused: boolean;
}

const problem: fc.Arbitrary<Case> = fc.record({
  mode: fc.constantFrom<Mode>("rnn_tanh", "rnn_relu", "lstm", "gru"),
  T: fc.integer({ min: 1, max: 7 }),
  B: fc.integer({ min: 1, max: 4 }),
  I: fc.integer({ min: 1, max: 6 }),
  H: fc.integer({ min: 1, max: 8 }),
  bias: fc.boolean(),
  state: fc.constant(true),
  initial: fc.constantFrom<InitialState>("random", "zeros", "absent"),
  fused: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

/** The problem's values, with the initial state replaced by zeros when asked to. */
function valuesOf(c: Case): ProblemValues {
  const v = problemValues(c);
  if (c.initial === "random") return v;
  return { ...v, h0: v.h0!.map(() => 0), c0: v.c0 ? v.c0.map(() => 0) : null };
}

type NnLayer = RNNBase & { forward(x: Tensor, opts: RecurrentInput): RecurrentOutput };

function nnLayer(c: Case, backend: "js" | "wasm"): NnLayer {
  const opts = { backend, bias: c.bias, fusedCells: c.fused };
  switch (c.mode) {
    case "lstm": return new LSTM(c.I, c.H, opts);
    case "gru": return new GRU(c.I, c.H, opts);
    default: return new RNN(c.I, c.H, { ...opts, nonlinearity: c.mode === "rnn_relu" ? "relu" : "tanh" });
  }
}

/** The same problem through nn + autograd: results named as Setup.results() names them. */
function throughAutograd(c: Case, v: ProblemValues, backend: "js" | "wasm"): Record<string, Float64Array> {
  const layer = nnLayer(c, backend);
  const state = Object.fromEntries(Object.entries(v.params).map(([n, data]) => [`${n}_l0`, { shape: layerShape(layer, `${n}_l0`), data }]));
  layer.loadStateDict(state);
  const { T, B, I, H } = c;
  const t = (data: number[], shape: number[], requiresGrad = false): Tensor => tensor(data, { backend, shape, requiresGrad });
  const x = t(v.x, [T, B, I], true);
  const given = c.initial !== "absent";
  const h0 = given ? t(v.h0!, [1, B, H], true) : undefined;
  const c0 = given && v.c0 ? t(v.c0, [1, B, H], true) : undefined;
  const out = layer.forward(x, { h0, c0 });
  let loss = out.output.mul(t(v.R, [T, B, H])).sum().add(out.hN.mul(t(v.S, [1, B, H])).sum());
  if (out.cN && v.Q) loss = loss.add(out.cN.mul(t(v.Q, [1, B, H])).sum());
  loss.backward();
  const f64 = (a: Tensor): Float64Array => Float64Array.from(a.data());
  const r: Record<string, Float64Array> = { output: f64(out.output), hN: f64(out.hN), dx: f64(x.grad!) };
  if (out.cN) r.cN = f64(out.cN);
  if (h0) r.dh0 = f64(h0.grad!);
  if (c0) r.dc0 = f64(c0.grad!);
  for (const [name, p] of layer.namedParameters()) r[`d${name.replace(/_l0$/, "")}`] = f64(p.grad!);
  for (const a of [x, h0, c0, loss, out.output, out.hN, out.cN, ...layer.parameters()]) a?.dispose();
  return r;
}

function layerShape(layer: RNNBase, name: string): number[] {
  return [...layer.stateDict()[name].shape];
}

/** The same problem through the hand-written BPTT. */
function throughBptt(c: Case, v: ProblemValues, backend: "js" | "wasm"): Record<string, Float64Array> {
  // Setup passes h0 (c0) when the values have them; "absent" hands bptt no state at all.
  const values = c.initial === "absent" ? { ...v, h0: null, c0: null } : v;
  const s = new Setup(opsFor(backend), { ...c, state: c.initial !== "absent" }, values);
  try {
    s.forward();
    s.backward();
    const r = s.results();
    if (c.initial === "absent") {
      delete r.dh0;
      delete r.dc0;
    }
    return r;
  } finally {
    s.dispose();
  }
}

/** Worst |got − ref| / (rel·|ref| + abs·scale), scale the largest |ref| of the tensor (at least 1). */
function worstUse(got: Float64Array, ref: Float64Array, rel: number, abs: number): number {
  if (got.length !== ref.length) throw new Error(`length ${got.length}, reference ${ref.length}`);
  const scale = Math.max(1, ...Array.from(ref, Math.abs));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = Math.abs(got[i] - ref[i]) / (rel * Math.abs(ref[i]) + abs * scale);
    if (!(r <= worst)) worst = r;
  }
  return worst;
}

const TOLERANCE = { js: { rel: 1e-12, abs: 1e-12 }, wasm: { rel: 1e-5, abs: 1e-5 } } as const;

describe.each(["js", "wasm"] as const)("bptt agrees with nn through autograd on %s", (backend) => {
  it("on outputs, final states and every gradient, for random sizes", () => {
    const { rel, abs } = TOLERANCE[backend];
    let worst = 0;
    fc.assert(
      fc.property(problem, (c) => {
        const v = valuesOf(c);
        const ref = throughBptt(c, v, backend), got = throughAutograd(c, v, backend);
        expect(Object.keys(got).sort(), JSON.stringify(c)).toEqual(Object.keys(ref).sort());
        for (const k of Object.keys(ref)) {
          const use = worstUse(got[k], ref[k], rel, abs);
          worst = Math.max(worst, use);
          expect(use, `${k} of ${JSON.stringify(c)}`).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
    console.log(`${backend}: worst difference used ${(100 * worst).toFixed(2)}% of the tolerance (rel ${rel}, abs ${abs})`);
  });

  it.each<Mode>(["rnn_tanh", "rnn_relu", "lstm", "gru"])("%s at a mid size (T 12, B 5, I 7, H 16), nn cells fused and plain", (mode) => {
    const { rel, abs } = TOLERANCE[backend];
    for (const fused of [false, true]) {
      const c: Case = { mode, T: 12, B: 5, I: 7, H: 16, bias: true, state: true, initial: "random", fused, seed: 11 };
      const v = valuesOf(c);
      const ref = throughBptt(c, v, backend), got = throughAutograd(c, v, backend);
      for (const k of Object.keys(ref)) expect(worstUse(got[k], ref[k], rel, abs), `${k}, fused ${fused}`).toBeLessThanOrEqual(1);
    }
  });
});
