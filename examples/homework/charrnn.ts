// The seed exercise, as small and explicit as it gets: a character RNN over one-hot inputs,
//   a_t = W_H h_{t-1} + W_X x_t + b_h,  h_t = tanh(a_t),  z_t = W_Y h_t + b_y,  y_t = softmax(z_t),
//   L = Σ_t −log y_t[target_t],
// in float64 on plain number arrays, recording every intermediate so a learner can follow BPTT by
// hand (min-char-rnn's lossFun, step by step). Time is numbered from 1: h_0 is the initial state.

export type Vector = number[];
/** Row-major: m[i][j] is row i, column j. */
export type Matrix = number[][];

export interface CharRnnParams {
  /** [d, k] input → hidden. */
  W_X: Matrix;
  /** [d, d] hidden → hidden. */
  W_H: Matrix;
  /** [k, d] hidden → logits. */
  W_Y: Matrix;
  /** [d] and [k]; null for the bias-free variant. */
  b_h: Vector | null;
  b_y: Vector | null;
}

export interface CharRnnForwardStep {
  /** 1-based time. */
  t: number;
  /** One-hot input x_t [k] and the target's index. */
  x: Vector;
  target: number;
  a: Vector;
  h: Vector;
  z: Vector;
  y: Vector;
  /** −log y_t[target]. */
  loss: number;
}

export interface CharRnnForward {
  h0: Vector;
  steps: CharRnnForwardStep[];
  loss: number;
}

export interface CharRnnBackwardStep {
  t: number;
  /** dL/dz_t = y_t − onehot(target): min-char-rnn's `dy`, the gradient at the logits. */
  dy: Vector;
  /** dL/dh_t = W_Yᵀ dy_t + dh_next(from t+1). */
  dh: Vector;
  /** dL/da_t = dh_t ⊙ (1 − h_t²). */
  da: Vector;
  /** dL/dh_{t-1} through the recurrence: W_Hᵀ da_t, handed to step t−1. */
  dhNext: Vector;
}

export interface CharRnnGrads {
  W_X: Matrix;
  W_H: Matrix;
  W_Y: Matrix;
  b_h: Vector | null;
  b_y: Vector | null;
}

export interface CharRnnBackward {
  /** In the order computed: t = T, T−1, …, 1. */
  steps: CharRnnBackwardStep[];
  grads: CharRnnGrads;
}

const zeros = (n: number): Vector => new Array<number>(n).fill(0);
const zerosLike = (m: Matrix): Matrix => m.map((row) => zeros(row.length));

/** m·v */
function matVec(m: Matrix, v: Vector): Vector {
  return m.map((row) => row.reduce((s, mij, j) => s + mij * v[j], 0));
}

/** mᵀ·v */
function matTVec(m: Matrix, v: Vector): Vector {
  const out = zeros(m[0].length);
  for (let i = 0; i < m.length; i++) for (let j = 0; j < out.length; j++) out[j] += m[i][j] * v[i];
  return out;
}

/** m += u·vᵀ */
function addOuter(m: Matrix, u: Vector, v: Vector): void {
  for (let i = 0; i < u.length; i++) for (let j = 0; j < v.length; j++) m[i][j] += u[i] * v[j];
}

function softmax(z: Vector): Vector {
  const max = Math.max(...z);
  const e = z.map((zi) => Math.exp(zi - max));
  const total = e.reduce((s, ei) => s + ei, 0);
  return e.map((ei) => ei / total);
}

/** Sizes k (vocabulary) and d (hidden), checked against each other. */
export function charRnnSizes(p: CharRnnParams): { k: number; d: number } {
  const d = p.W_H.length, k = p.W_Y.length;
  const bad = (what: string, shape: string, got: string): never => {
    throw new Error(`charRnn: ${what} should be ${shape} (k=${k}, d=${d}), got ${got}`);
  };
  const dims = (m: Matrix): string => `[${m.length}, ${m[0]?.length ?? 0}]`;
  if (p.W_H.some((r) => r.length !== d)) bad("W_H", `[${d}, ${d}]`, dims(p.W_H));
  if (p.W_X.length !== d || p.W_X.some((r) => r.length !== k)) bad("W_X", `[${d}, ${k}]`, dims(p.W_X));
  if (p.W_Y.some((r) => r.length !== d)) bad("W_Y", `[${k}, ${d}]`, dims(p.W_Y));
  if (p.b_h && p.b_h.length !== d) bad("b_h", `[${d}]`, `[${p.b_h.length}]`);
  if (p.b_y && p.b_y.length !== k) bad("b_y", `[${k}]`, `[${p.b_y.length}]`);
  return { k, d };
}

/** Runs the RNN over inputs xIds with targets targetIds, keeping every intermediate. */
export function charRnnForward(p: CharRnnParams, xIds: number[], targetIds: number[], h0?: Vector): CharRnnForward {
  const { k, d } = charRnnSizes(p);
  if (xIds.length !== targetIds.length) throw new Error(`charRnnForward: ${xIds.length} inputs but ${targetIds.length} targets`);
  for (const id of [...xIds, ...targetIds]) {
    if (!Number.isInteger(id) || id < 0 || id >= k) throw new Error(`charRnnForward: index ${id} is outside the vocabulary [0, ${k})`);
  }
  const start = h0 ?? zeros(d);
  const steps: CharRnnForwardStep[] = [];
  let hPrev = start, loss = 0;
  xIds.forEach((id, i) => {
    const x = zeros(k);
    x[id] = 1;
    const wh = matVec(p.W_H, hPrev), wx = matVec(p.W_X, x);
    const a = wh.map((v, j) => v + wx[j] + (p.b_h ? p.b_h[j] : 0));
    const h = a.map(Math.tanh);
    const z = matVec(p.W_Y, h).map((v, j) => v + (p.b_y ? p.b_y[j] : 0));
    const y = softmax(z);
    const stepLoss = -Math.log(y[targetIds[i]]);
    loss += stepLoss;
    steps.push({ t: i + 1, x, target: targetIds[i], a, h, z, y, loss: stepLoss });
    hPrev = h;
  });
  return { h0: start, steps, loss };
}

/** Backpropagation through time over a recorded forward, from t = T down to 1. */
export function charRnnBackward(p: CharRnnParams, fwd: CharRnnForward): CharRnnBackward {
  const { d } = charRnnSizes(p);
  const grads: CharRnnGrads = {
    W_X: zerosLike(p.W_X), W_H: zerosLike(p.W_H), W_Y: zerosLike(p.W_Y),
    b_h: p.b_h ? zeros(p.b_h.length) : null, b_y: p.b_y ? zeros(p.b_y.length) : null,
  };
  const steps: CharRnnBackwardStep[] = [];
  let dhNext = zeros(d);
  for (let i = fwd.steps.length - 1; i >= 0; i--) {
    const s = fwd.steps[i];
    const hPrev = i === 0 ? fwd.h0 : fwd.steps[i - 1].h;
    const dy = s.y.slice();
    dy[s.target] -= 1;
    addOuter(grads.W_Y, dy, s.h);
    if (grads.b_y) dy.forEach((v, j) => (grads.b_y![j] += v));
    const fromOutput = matTVec(p.W_Y, dy);
    const dh = fromOutput.map((v, j) => v + dhNext[j]);
    const da = dh.map((v, j) => v * (1 - s.h[j] * s.h[j]));
    addOuter(grads.W_H, da, hPrev);
    addOuter(grads.W_X, da, s.x);
    if (grads.b_h) da.forEach((v, j) => (grads.b_h![j] += v));
    dhNext = matTVec(p.W_H, da);
    steps.push({ t: s.t, dy, dh, da, dhNext });
  }
  return { steps, grads };
}
