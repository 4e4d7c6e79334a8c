// The transpose pitfall (issue 13): PyTorch code writes x @ w.T, which in tapegrad is
// matmul(a, transpose(b)). It must run as fast as linear(a, b), whose kernel reads b transposed in
// place. Both spellings through autograd (wasm float32, forward only), alternating rounds, best round.
import { linear, matmul, scope, tensor, transpose } from "@tapegrad/autograd";
import { time, type TimingProfile } from "./timing";

export interface TransposedRow {
  n: number;
  /** GFLOP/s of linear(a, b) = a·bᵀ. */
  linear: number;
  /** GFLOP/s of matmul(a, transpose(b)), the same product. */
  matmulTransposed: number;
  /** matmulTransposed / linear: 1 is the same speed. */
  ratio: number;
}

const ROUNDS = 5;

/** Times both spellings of a·bᵀ at [n, n] in alternating rounds; each figure is the best round. */
export function measureTransposed(sizes: number[], profile: TimingProfile): TransposedRow[] {
  return sizes.map((n) => {
    const values = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const a = tensor(values, { shape: [n, n] }), b = tensor(values.reverse(), { shape: [n, n] });
    const runs = {
      linear: () => scope(() => void linear(a, b)),
      matmulTransposed: () => scope(() => void matmul(a, transpose(b))),
    };
    const best = { linear: Infinity, matmulTransposed: Infinity };
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? (["matmulTransposed", "linear"] as const) : (["linear", "matmulTransposed"] as const);
        for (const name of order) best[name] = Math.min(best[name], time(`${name} ${n}`, runs[name], { ...profile, maxTime: profile.maxTime / ROUNDS }).seconds);
      }
    } finally {
      a.dispose();
      b.dispose();
    }
    const flops = 2 * n * n * n;
    const row = { n, linear: flops / best.linear / 1e9, matmulTransposed: flops / best.matmulTransposed / 1e9 };
    return { ...row, ratio: row.matmulTransposed / row.linear };
  });
}

export function formatTransposed(rows: TransposedRow[]): string {
  return [
    "a·bᵀ through autograd (wasm float32, forward), GFLOP/s:",
    "     n   linear(a, b)   matmul(a, transpose(b))   ratio",
    ...rows.map((r) => `${String(r.n).padStart(6)}   ${r.linear.toFixed(2).padStart(12)}   ${r.matmulTransposed.toFixed(2).padStart(23)}   ${r.ratio.toFixed(2).padStart(5)}`),
  ].join("\n");
}
