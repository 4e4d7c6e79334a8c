// Seeded random compositions of the public ops: float64 gradients against central finite
// differences (gradcheck), and the wasm (float32) backend's gradients against the js (float64)
// ones. Shapes are [3, 4] or broadcast against it ([4], [1, 4], [3, 1]); the op table covers
// elementwise (with broadcasting), unary, matmul, reductions, shape, slicing, gather and softmax
// ops, the kinked ops (relu, abs, max/min reductions, clamp, where, maskedFill, seeded dropout)
// and the fused LSTM and GRU cells with their own weight leaves.
//
// Central differences are only valid away from a kink, and a kink can sit at any intermediate
// value, so each kinked op measures how close its arguments are to its kink on the js forward
// (the probe); a draw with any argument within MARGIN of a kink is redrawn. An exact hit is left
// alone: it only arises structurally (relu's zeros, clamped or dropped elements, x − x), where
// the function is flat and stays exactly at the kink under any perturbation.
import { describe, expect, it } from "vitest";
import { cat, dropout, Generator, gradcheck, gruCell, linear, lstmCell, noGrad, scope, stack, tensor, type Tensor, where } from "../src/index";
import { rng } from "../../../test/support/mulberry32";

/** Smallest nonzero distance from a kink over elements, and none when there is nothing near. */
type Kink = (...xs: Float64Array[]) => number;
type Op = {
  name: string;
  arity: number;
  apply: (xs: Tensor[], params: Tensor[], seed: number) => Tensor;
  /** Distance of the arguments from this op's kink (kinked ops only). */
  kink?: Kink;
  /** Shapes of extra leaves (weights) this op takes, drawn fresh for each use. */
  params?: number[][];
};

const MARGIN = 1e-2; // ≫ eps·gain of the central difference (1e-6 × gains seen here < 1e-3)
const nonzeroMin = (d: number): number => (d === 0 ? Infinity : d);
const minOver = (v: Float64Array, f: (x: number, i: number) => number): number => v.reduce((m, x, i) => Math.min(m, nonzeroMin(f(x, i))), Infinity);
/** Gap between the two largest values of each row (dim 1) or column (dim 0) of a [3, 4] array. */
function topGap(v: Float64Array, dim: 0 | 1, sign: 1 | -1): number {
  let gap = Infinity;
  const [outer, n] = dim === 1 ? [3, 4] : [4, 3];
  for (let o = 0; o < outer; o++) {
    const xs = Array.from({ length: n }, (_, k) => sign * v[dim === 1 ? o * 4 + k : k * 4 + o]).sort((a, b) => b - a);
    gap = Math.min(gap, nonzeroMin(xs[0] - xs[1]));
  }
  return gap;
}

const positive = (x: Tensor): Tensor => x.square().add(1);
const OPS: Op[] = [
  { name: "add", arity: 2, apply: ([a, b]) => a.add(b) },
  { name: "sub", arity: 2, apply: ([a, b]) => a.sub(b) },
  { name: "mul", arity: 2, apply: ([a, b]) => a.mul(b) },
  { name: "div", arity: 2, apply: ([a, b]) => a.div(positive(b)) },
  { name: "tanh", arity: 1, apply: ([a]) => a.tanh() },
  { name: "sigmoid", arity: 1, apply: ([a]) => a.sigmoid() },
  { name: "exp", arity: 1, apply: ([a]) => a.mul(0.3).exp() },
  { name: "log", arity: 1, apply: ([a]) => positive(a).log() },
  { name: "sqrt", arity: 1, apply: ([a]) => positive(a).sqrt() },
  { name: "pow", arity: 1, apply: ([a]) => a.pow(3) },
  { name: "divScalar", arity: 1, apply: ([a]) => a.div(3) },
  { name: "neg", arity: 1, apply: ([a]) => a.neg() },
  { name: "softmax", arity: 1, apply: ([a]) => a.softmax(-1) },
  { name: "logSoftmax", arity: 1, apply: ([a]) => a.logSoftmax(0) },
  { name: "matmul", arity: 3, apply: ([a, b, c]) => a.matmul(b.transpose(0, 1)).mul(0.5).matmul(c) },
  { name: "sumRows", arity: 2, apply: ([a, b]) => b.add(a.sum(1, true)) },
  { name: "meanCols", arity: 2, apply: ([a, b]) => b.mul(a.mean(0, true)) },
  { name: "reshape", arity: 1, apply: ([a]) => a.reshape([12]).reshape([4, 3]).transpose(0, 1).reshape([3, 4]) },
  { name: "narrowCat", arity: 2, apply: ([a, b]) => cat([a.narrow(1, 0, 2), b.narrow(1, 1, 2)], 1) },
  { name: "stackSum", arity: 2, apply: ([a, b]) => stack([a, b], 0).sum(0) },
  { name: "indexSelect", arity: 1, apply: ([a]) => a.indexSelect(0, [2, 0, 0]) },
  { name: "permute", arity: 1, apply: ([a]) => a.permute([1, 0]).transpose(0, 1) },
  // Kinked ops: each says where its kink is.
  { name: "relu", arity: 1, apply: ([a]) => a.relu(), kink: (a) => minOver(a, Math.abs) },
  { name: "abs", arity: 1, apply: ([a]) => a.abs(), kink: (a) => minOver(a, Math.abs) },
  { name: "maxRows", arity: 2, apply: ([a, b]) => b.add(a.max(1, true)), kink: (a) => topGap(a, 1, 1) },
  { name: "minCols", arity: 2, apply: ([a, b]) => b.mul(a.neg().max(0, true).neg()), kink: (a) => topGap(a, 0, -1) },
  { name: "clamp", arity: 1, apply: ([a]) => a.clamp(-0.5, 0.4), kink: (a) => minOver(a, (x) => Math.min(Math.abs(x + 0.5), Math.abs(x - 0.4))) },
  { name: "where", arity: 2, apply: ([a, b]) => where(a.gt(b), a, b.mul(0.5)), kink: (a, b) => minOver(a, (x, i) => Math.abs(x - b[i])) },
  { name: "maskedFill", arity: 2, apply: ([a, b]) => a.maskedFill(b.gt(0.2), -1), kink: (_a, b) => minOver(b, (x) => Math.abs(x - 0.2)) },
  // Seeded: every evaluation (and both backends) draws the same mask, so the op is linear.
  { name: "dropout", arity: 1, apply: ([a], _p, seed) => dropout(a, 0.3, { generator: new Generator(seed) }) },
  // Fused cells, batch 3, hidden 4, input 4, with weight leaves of their own.
  {
    name: "lstmCell", arity: 3, params: [[16, 4], [16, 4], [16]],
    apply: ([x, h, c], [wIh, wHh, b]) => {
      const next = lstmCell(linear(x, wIh, b).add(linear(h, wHh)), c);
      return next.h.add(next.c.mul(0.5));
    },
  },
  {
    name: "gruCell", arity: 2, params: [[12, 4], [12, 4], [12], [12]],
    apply: ([x, h], [wIh, wHh, bIh, bHh]) => gruCell(linear(x, wIh, bIh), linear(h, wHh), bHh, h),
  },
];
const LEAF_SHAPES = [[3, 4], [3, 4], [4], [1, 4], [3, 1]];
const ELEMENTWISE = new Set(["add", "sub", "mul", "div"]);

interface Step { op: number; args: number[]; params: number[]; seed: number }
/** Leaves 0..inputs−1 are the graph's inputs; later leaves are op weights (referenced by params). */
interface Program { inputs: number; shapes: number[][]; values: number[][]; steps: Step[] }

const draw = (shape: number[], rand: () => number): number[] => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1);

function randomProgram(rand: () => number): Program {
  const n = 1 + Math.floor(rand() * 3);
  const shapes = [[3, 4], ...Array.from({ length: n - 1 }, () => LEAF_SHAPES[Math.floor(rand() * LEAF_SHAPES.length)])];
  const steps: Step[] = [];
  const full = [0]; // nodes known to be [3, 4]
  let count = n;
  const depth = 3 + Math.floor(rand() * 6);
  for (let s = 0; s < depth; s++) {
    const op = Math.floor(rand() * OPS.length);
    const pickAny = (): number => Math.floor(rand() * count);
    const pickFull = (): number => full[Math.floor(rand() * full.length)];
    // The first operand is always a full [3, 4] node; others may broadcast for elementwise ops.
    const args = [pickFull(), ...Array.from({ length: OPS[op].arity - 1 }, () => (ELEMENTWISE.has(OPS[op].name) ? pickAny() : pickFull()))];
    const params = (OPS[op].params ?? []).map((shape) => shapes.push(shape) - 1);
    steps.push({ op, args, params, seed: Math.floor(rand() * 2 ** 31) });
    full.push(count++);
  }
  return { inputs: n, shapes, values: shapes.map((s) => draw(s, rand)), steps };
}

/** Runs the program; `probe` (js only) gets each kinked step's distance from its kink. */
function run(p: Program, leaves: Tensor[], probe?: (op: string, distance: number) => void): Tensor {
  const nodes = leaves.slice(0, p.inputs);
  for (const { op, args, params, seed } of p.steps) {
    const xs = args.map((i) => nodes[i]);
    const kink = OPS[op].kink;
    if (probe && kink) probe(OPS[op].name, kink(...xs.map((x) => Float64Array.from(x.data()))));
    nodes.push(OPS[op].apply(xs, params.map((i) => leaves[i]), seed));
  }
  return nodes[nodes.length - 1];
}

/** The smallest kink distance over the program's kinked steps at the current values (js, float64). */
function kinkDistance(p: Program): { distance: number; op: string } {
  let worst = { distance: Infinity, op: "" };
  scope(() => noGrad(() => {
    const leaves = p.values.map((v, i) => tensor(v, { shape: p.shapes[i], backend: "js" }));
    run(p, leaves, (op, distance) => { if (distance < worst.distance) worst = { distance, op }; });
  }));
  return worst;
}

function gradsOn(p: Program, backend: "js" | "wasm"): number[][] {
  return scope(() => {
    const leaves = p.values.map((v, i) => tensor(v, { shape: p.shapes[i], backend, requiresGrad: true }));
    const weights = tensor(Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)), { shape: [3, 4], backend });
    run(p, leaves).mul(weights).sum().backward();
    return leaves.map((x) => (x.grad ? Array.from(x.grad.data()) : new Array(x.size).fill(0)));
  });
}

describe("random op graphs", () => {
  it("float64 gradients match central differences; wasm matches js (kinked ops drawn away from their kinks)", () => {
    const rand = rng(2026);
    const used = new Map<string, number>();
    const redrawnNear = new Map<string, number>();
    let checked = 0, redraws = 0, abandoned = 0;
    for (let g = 0; g < 400; g++) {
      let p = randomProgram(rand);
      // Redraw the values while some kinked op sees an argument within MARGIN of its kink; a
      // program that stays near a kink after 20 draws is replaced by a new one.
      for (let attempt = 0; ; attempt++) {
        const near = kinkDistance(p);
        if (near.distance >= MARGIN) break;
        redrawnNear.set(near.op, (redrawnNear.get(near.op) ?? 0) + 1);
        if (attempt === 20) { abandoned++; p = randomProgram(rand); attempt = -1; continue; }
        redraws++;
        p = { ...p, values: p.shapes.map((s) => draw(s, rand)) };
      }
      for (const s of p.steps) used.set(OPS[s.op].name, (used.get(OPS[s.op].name) ?? 0) + 1);
      const label = `graph ${g}: ${p.steps.map((s) => OPS[s.op].name).join(" → ")}`;
      const leaves = p.values.map((v, i) => tensor(v, { shape: p.shapes[i], backend: "js" }));
      const r = gradcheck((...ins) => run(p, ins), leaves, { atol: 1e-5, rtol: 1e-4 });
      expect(r.ok, `${label}: ${JSON.stringify(r.perInput)}`).toBe(true);
      const js = gradsOn(p, "js");
      const wasm = gradsOn(p, "wasm");
      js.forEach((gj, i) => {
        const scale = Math.max(1, ...gj.map(Math.abs));
        gj.forEach((v, k) => expect(Math.abs(wasm[i][k] - v), `${label}: leaf ${i}[${k}]`).toBeLessThanOrEqual(2e-3 * scale));
      });
      checked++;
    }
    expect(checked).toBe(400);
    for (const op of OPS) expect(used.get(op.name) ?? 0, op.name).toBeGreaterThan(0);
    // The counts for the record (issue 12's note): uses per op, redraws and what caused them.
    console.log(`random graphs: ${checked} checked, ${redraws} value redraws, ${abandoned} programs replaced; uses ${JSON.stringify(Object.fromEntries(used))}; redrawn near ${JSON.stringify(Object.fromEntries(redrawnNear))}`);
  });
});
