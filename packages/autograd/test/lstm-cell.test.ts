// A composition across the op families the recurrent layers use: an LSTM cell written from
// matmul, chunk, sigmoid, tanh and elementwise ops (gate order i, f, g, o as in PyTorch), an
// embedding lookup in front and a log-softmax loss behind, unrolled over a few steps.
import { describe, expect, it } from "vitest";
import { gradcheck, Generator, randn, scope, tensor, zeroGrad, type Tensor } from "../src/index";

function lstmLoss(emb: Tensor, wih: Tensor, whh: Tensor, bias: Tensor, tokens: number[][], targets: number[]): Tensor {
  const hidden = whh.shape[1];
  const batch = tokens[0].length;
  const be = emb.backend.name;
  let h = tensor(new Float64Array(batch * hidden), { shape: [batch, hidden], backend: be });
  let c = h;
  for (const step of tokens) {
    const x = emb.indexSelect(0, step);
    const gates = x.matmul(wih.transpose()).add(h.matmul(whh.transpose())).add(bias);
    const [i, f, g, o] = gates.chunk(4, 1);
    c = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
    h = o.sigmoid().mul(c.tanh());
  }
  const logp = h.logSoftmax(1);
  const onehot = tensor(targets.flatMap((t) => Array.from({ length: hidden }, (_, j) => (j === t ? 1 : 0))), { shape: [batch, hidden], backend: be });
  return logp.mul(onehot).sum().neg().div(batch);
}

describe("LSTM cell from ops", () => {
  const vocab = 5, emb = 3, hidden = 4;
  const tokens = [[0, 3], [2, 2], [4, 1]];
  const targets = [1, 3];

  it("passes gradcheck in float64", () => {
    const g = new Generator(11);
    const inputs = [randn([vocab, emb], { backend: "js", generator: g }), randn([4 * hidden, emb], { backend: "js", generator: g }),
      randn([4 * hidden, hidden], { backend: "js", generator: g }), randn([4 * hidden], { backend: "js", generator: g })];
    const res = gradcheck((e, a, b, c) => lstmLoss(e, a, b, c, tokens, targets), inputs);
    expect(res.ok).toBe(true);
    for (const p of res.perInput) expect(p.maxAbs).toBeLessThan(1e-7);
  });

  it("float32 gradients match float64 ones", () => {
    const grads = (backend: "wasm" | "js") => {
      const g = new Generator(11);
      const ps = [[vocab, emb], [4 * hidden, emb], [4 * hidden, hidden], [4 * hidden]].map((s) => randn(s, { backend, requiresGrad: true, generator: g }));
      const loss = scope(() => { const l = lstmLoss(ps[0], ps[1], ps[2], ps[3], tokens, targets); l.backward(); return l.item(); });
      const out = { loss, grads: ps.map((p) => Array.from(p.grad!.data())) };
      zeroGrad(ps);
      for (const p of ps) p.dispose();
      return out;
    };
    const a = grads("wasm"), b = grads("js");
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5);
    b.grads.forEach((gs, i) => gs.forEach((v, j) => expect(Math.abs(a.grads[i][j] - v)).toBeLessThan(1e-5 + 1e-4 * Math.abs(v))));
    // The embedding rows of token 2 (used twice) accumulate; token rows never used stay zero.
    expect(b.grads[0].slice(0, emb).some((v) => v !== 0)).toBe(true);
  });

  it("gradcheck reports a wrong gradient", () => {
    // relu has a kink at 0: a central difference across it disagrees with the one-sided rule.
    const x = tensor([0, 1], { backend: "js" });
    const res = gradcheck((t) => t.relu().sum(), [x]);
    expect(res.ok).toBe(false);
    expect(res.perInput[0].maxAbs).toBeCloseTo(0.5, 6);
  });
});
