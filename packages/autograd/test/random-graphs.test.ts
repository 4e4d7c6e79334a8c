// Seeded random compositions of the public ops: float64 gradients against central finite
// differences (gradcheck), and the wasm (float32) backend's gradients against the js (float64)
// ones. Shapes are [3, 4] or broadcast against it ([4], [1, 4], [3, 1]); the op table covers
// elementwise (with broadcasting), unary, matmul, reductions, shape, slicing, gather and softmax ops.
import { describe, expect, it } from "vitest";
import { cat, gradcheck, scope, stack, tensor, type Tensor } from "../src/index";
import { rng } from "../../../test/support/mulberry32";

type Op = { name: string; arity: number; apply: (...xs: Tensor[]) => Tensor };
const positive = (x: Tensor): Tensor => x.square().add(1);
const OPS: Op[] = [
  { name: "add", arity: 2, apply: (a, b) => a.add(b) },
  { name: "sub", arity: 2, apply: (a, b) => a.sub(b) },
  { name: "mul", arity: 2, apply: (a, b) => a.mul(b) },
  { name: "div", arity: 2, apply: (a, b) => a.div(positive(b)) },
  { name: "tanh", arity: 1, apply: (a) => a.tanh() },
  { name: "sigmoid", arity: 1, apply: (a) => a.sigmoid() },
  { name: "exp", arity: 1, apply: (a) => a.mul(0.3).exp() },
  { name: "log", arity: 1, apply: (a) => positive(a).log() },
  { name: "sqrt", arity: 1, apply: (a) => positive(a).sqrt() },
  { name: "pow", arity: 1, apply: (a) => a.pow(3) },
  { name: "divScalar", arity: 1, apply: (a) => a.div(3) },
  { name: "neg", arity: 1, apply: (a) => a.neg() },
  { name: "softmax", arity: 1, apply: (a) => a.softmax(-1) },
  { name: "logSoftmax", arity: 1, apply: (a) => a.logSoftmax(0) },
  { name: "matmul", arity: 3, apply: (a, b, c) => a.matmul(b.transpose(0, 1)).mul(0.5).matmul(c) },
  { name: "sumRows", arity: 2, apply: (a, b) => b.add(a.sum(1, true)) },
  { name: "meanCols", arity: 2, apply: (a, b) => b.mul(a.mean(0, true)) },
  { name: "reshape", arity: 1, apply: (a) => a.reshape([12]).reshape([4, 3]).transpose(0, 1).reshape([3, 4]) },
  { name: "narrowCat", arity: 2, apply: (a, b) => cat([a.narrow(1, 0, 2), b.narrow(1, 1, 2)], 1) },
  { name: "stackSum", arity: 2, apply: (a, b) => stack([a, b], 0).sum(0) },
  { name: "indexSelect", arity: 1, apply: (a) => a.indexSelect(0, [2, 0, 0]) },
  { name: "permute", arity: 1, apply: (a) => a.permute([1, 0]).transpose(0, 1) },
];
const LEAF_SHAPES = [[3, 4], [3, 4], [4], [1, 4], [3, 1]];

interface Program { shapes: number[][]; values: number[][]; steps: { op: number; args: number[] }[] }

function randomProgram(rand: () => number): Program {
  const n = 1 + Math.floor(rand() * 3);
  const shapes = [[3, 4], ...Array.from({ length: n - 1 }, () => LEAF_SHAPES[Math.floor(rand() * LEAF_SHAPES.length)])];
  const values = shapes.map((s) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1));
  const steps: Program["steps"] = [];
  const full = [0]; // nodes known to be [3, 4]
  let count = n;
  const depth = 3 + Math.floor(rand() * 6);
  for (let s = 0; s < depth; s++) {
    const op = Math.floor(rand() * OPS.length);
    const pickAny = (): number => Math.floor(rand() * count);
    const pickFull = (): number => full[Math.floor(rand() * full.length)];
    // The first operand is always a full [3, 4] node; others may broadcast for elementwise ops.
    const elementwise = ["add", "sub", "mul", "div"].includes(OPS[op].name);
    const args = [pickFull(), ...Array.from({ length: OPS[op].arity - 1 }, () => (elementwise ? pickAny() : pickFull()))];
    steps.push({ op, args });
    full.push(count++);
  }
  return { shapes, values, steps };
}

function run(p: Program, xs: Tensor[]): Tensor {
  const nodes = [...xs];
  for (const { op, args } of p.steps) nodes.push(OPS[op].apply(...args.map((i) => nodes[i])));
  return nodes[nodes.length - 1];
}

function gradsOn(p: Program, backend: "js" | "wasm"): number[][] {
  return scope(() => {
    const xs = p.values.map((v, i) => tensor(v, { shape: p.shapes[i], backend, requiresGrad: true }));
    const weights = tensor(Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)), { shape: [3, 4], backend });
    run(p, xs).mul(weights).sum().backward();
    return xs.map((x) => (x.grad ? Array.from(x.grad.data()) : new Array(x.size).fill(0)));
  });
}

describe("random op graphs", () => {
  it("float64 gradients match central differences; wasm matches js", () => {
    const rand = rng(2026);
    const used = new Map<string, number>();
    let checked = 0;
    for (let g = 0; g < 400; g++) {
      const p = randomProgram(rand);
      for (const s of p.steps) used.set(OPS[s.op].name, (used.get(OPS[s.op].name) ?? 0) + 1);
      const label = `graph ${g}: ${p.steps.map((s) => OPS[s.op].name).join(" → ")}`;
      const xs = p.values.map((v, i) => tensor(v, { shape: p.shapes[i], backend: "js" }));
      const r = gradcheck((...ins) => run(p, ins), xs, { atol: 1e-5, rtol: 1e-4 });
      expect(r.ok, `${label}: ${JSON.stringify(r.perInput)}`).toBe(true);
      const js = gradsOn(p, "js");
      const wasm = gradsOn(p, "wasm");
      js.forEach((gj, i) => {
        const scale = Math.max(1, ...gj.map(Math.abs));
        gj.forEach((v, k) => expect(Math.abs(wasm[i][k] - v), `${label}: input ${i}[${k}]`).toBeLessThanOrEqual(2e-3 * scale));
      });
      checked++;
    }
    expect(checked).toBe(400);
    for (const op of OPS) expect(used.get(op.name) ?? 0, op.name).toBeGreaterThan(0);
  });
});
