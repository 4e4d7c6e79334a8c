// The seed exercise worked through step by step: every forward value and every backward quantity
// of BPTT on the tiny char-RNN, then the gradients next to PyTorch's and their difference.
import { charRnnBackward, charRnnForward, type CharRnnGrads, type Matrix, type Vector } from "./charrnn";
import { autogradGradients } from "./autograd";
import type { CharRnnFixture } from "./fixture";

const num = (v: number): string => (v < 0 ? "" : " ") + v.toFixed(6);
const vec = (v: Vector): string => `[${v.map(num).join(", ")}]`;
const sci = (v: number): string => v.toExponential(1);

function mat(m: Matrix, indent: string): string[] {
  return m.map((row) => `${indent}${vec(row)}`);
}

/** Prints "label = value" lines with the "=" signs in one column. */
function aligned(say: (line: string) => void, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) say(`    ${label.padEnd(width)} = ${value}`);
}

function maxAbsDiff(a: number[], b: number[]): number {
  return a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i])), 0);
}

/** The report's lines for one fixture. */
export function homeworkReport(fx: CharRnnFixture): string[] {
  const { params: p, k, d } = fx;
  const T = fx.xIds.length;
  const token = (id: number): string => (fx.vocab ? `'${fx.vocab[id]}' = e${id + 1}` : `e${id + 1}`);
  const out: string[] = [];
  const say = (line = ""): void => void out.push(line);

  say(`Seed exercise: simple RNN, k=${k}, d=${d}, T=${T}, tanh — fixture ${fx.name}`);
  say(`  a_t = W_H h_{t-1} + W_X x_t${p.b_h ? " + b_h" : ""},  h_t = tanh(a_t),  h_0 = 0`);
  say(`  z_t = W_Y h_t${p.b_y ? " + b_y" : ""},  y_t = softmax(z_t),  L = Σ_t −log y_t[target_t]`);
  say(`  inputs ${fx.xIds.map(token).join(", ")};  targets ${fx.targetIds.map(token).join(", ")}`);
  say();
  say("Parameters");
  say(`  W_X (d×k = ${d}×${k}):`), out.push(...mat(p.W_X, "    "));
  say(`  W_H (d×d = ${d}×${d}):`), out.push(...mat(p.W_H, "    "));
  say(`  W_Y (k×d = ${k}×${d}):`), out.push(...mat(p.W_Y, "    "));
  if (p.b_h) say(`  b_h = ${vec(p.b_h)}`);
  if (p.b_y) say(`  b_y = ${vec(p.b_y)}`);

  const fwd = charRnnForward(p, fx.xIds, fx.targetIds);
  say();
  say("Forward");
  for (const s of fwd.steps) {
    const t = s.t;
    say(`  t = ${t}: x_${t} = ${token(fx.xIds[t - 1])}, target ${token(s.target)}`);
    aligned(say, [
      [`a_${t} = W_H h_${t - 1} + W_X x_${t}${p.b_h ? " + b_h" : ""}`, vec(s.a)],
      [`h_${t} = tanh(a_${t})`, vec(s.h)],
      [`z_${t} = W_Y h_${t}${p.b_y ? " + b_y" : ""}`, vec(s.z)],
      [`y_${t} = softmax(z_${t})`, vec(s.y)],
      [`loss_${t} = −log y_${t}[${s.target + 1}]`, num(s.loss)],
    ]);
  }
  say(`  L = ${fwd.steps.map((s) => `loss_${s.t}`).join(" + ")} = ${num(fwd.loss)}`);
  const hDiff = maxAbsDiff(fwd.steps.flatMap((s) => s.h), fx.torch.h);
  const yDiff = maxAbsDiff(fwd.steps.flatMap((s) => s.y), fx.torch.y);
  say(`  PyTorch: L = ${num(fx.torch.loss)}; |ΔL| = ${sci(Math.abs(fwd.loss - fx.torch.loss))}, max |Δh| = ${sci(hDiff)}, max |Δy| = ${sci(yDiff)}`);

  const { steps, grads } = charRnnBackward(p, fwd);
  say();
  say("Backward through time (t = T down to 1; dh_next starts at 0)");
  for (const s of steps) {
    const t = s.t, f = fwd.steps[t - 1];
    say(`  t = ${t}:`);
    aligned(say, [
      [`dy_${t} = dL/dz_${t} = y_${t} − ${token(f.target)}`, vec(s.dy)],
      [`dh_${t} = W_Yᵀ dy_${t} + dh_next`, vec(s.dh)],
      [`da_${t} = dh_${t} ⊙ (1 − h_${t}²)`, vec(s.da)],
      [`dh_next = W_Hᵀ da_${t}  (to step ${t - 1})`, vec(s.dhNext)],
    ]);
    say(`    dW_Y += dy_${t} h_${t}ᵀ,  dW_H += da_${t} h_${t - 1}ᵀ,  dW_X += da_${t} x_${t}ᵀ` +
      `${p.b_y ? `,  db_y += dy_${t}` : ""}${p.b_h ? `,  db_h += da_${t}` : ""}`);
  }

  say();
  say("Gradients: this implementation (float64), PyTorch autograd, and the difference");
  const names: (keyof CharRnnGrads)[] = ["W_X", "W_H", "W_Y", "b_h", "b_y"];
  let worst = 0;
  for (const n of names) {
    const g = grads[n];
    if (!g) continue;
    const ours = (g as number[] | number[][]).flat();
    const ref = fx.torch.grads[n];
    const diff = maxAbsDiff(ours, ref);
    worst = Math.max(worst, diff);
    const rows = Array.isArray(g[0]) ? (g as Matrix) : [g as Vector];
    const cols = rows[0].length;
    const torchRows = rows.map((_, i) => ref.slice(i * cols, (i + 1) * cols));
    say(`  d${n}:`);
    rows.forEach((row, i) => say(`    ${vec(row)}    PyTorch ${vec(torchRows[i])}`));
    say(`    max |difference| = ${sci(diff)}`);
  }
  say();
  say(`Largest gradient difference from PyTorch: ${sci(worst)}`);

  const ag = autogradGradients(fx);
  say();
  say("The same gradients from @tapegrad/autograd (tensor ops + tape, float64)");
  let worstAutograd = 0;
  for (const n of names) {
    if (!grads[n]) continue;
    const ours = (grads[n] as number[] | number[][]).flat();
    const dTorch = maxAbsDiff(ag.grads[n], fx.torch.grads[n]), dHand = maxAbsDiff(ag.grads[n], ours);
    worstAutograd = Math.max(worstAutograd, dTorch);
    say(`  d${n.padEnd(3)}: max |autograd − PyTorch| = ${sci(dTorch)},  max |autograd − by hand| = ${sci(dHand)}`);
  }
  say(`  autograd L = ${num(ag.loss)} (|ΔL| vs PyTorch ${sci(Math.abs(ag.loss - fx.torch.loss))})`);
  say(`Largest autograd gradient difference from PyTorch: ${sci(worstAutograd)}`);
  return out;
}
