// The seed exercise: the CS231n-style character RNN (k = 4, d = 3, tanh, softmax outputs,
// summed cross-entropy), built from autograd ops, against PyTorch's float64 values.
import { describe, expect, it } from "vitest";
import { scope, tensor, zeroGrad, type Tensor } from "../src/index";
import { loadFixture } from "../../../tools/parity/src/fixture-file";

interface Encoded { shape: number[]; data: number[] }
interface Fixture {
  config: { k: number; d: number; T: number; bias: boolean };
  params: Record<string, Encoded>;
  inputs: { x_ids: number[]; target_ids: number[]; x_onehot: Encoded; target_onehot: Encoded };
  outputs: { h: Encoded; z: Encoded; y: Encoded };
  loss: number;
  grads: Record<string, Encoded>;
}

const load = (name: string): Fixture => loadFixture<Fixture>(name);

/** Forward of h_t = tanh(W_X x_t + W_H h_{t−1} + b_h), y_t = softmax(W_Y h_t + b_y), L = Σ −log y_t[target]. */
function charRnnLoss(fx: Fixture, p: Record<string, Tensor>, backend: "wasm" | "js"): { loss: Tensor; hs: Tensor[]; ys: Tensor[] } {
  const { d, T } = fx.config;
  const x = tensor(fx.inputs.x_onehot.data, { shape: fx.inputs.x_onehot.shape, backend });
  const target = tensor(fx.inputs.target_onehot.data, { shape: fx.inputs.target_onehot.shape, backend });
  let h = tensor(new Array(d).fill(0), { shape: [d, 1], backend });
  const hs: Tensor[] = [], ys: Tensor[] = [];
  let loss: Tensor | null = null;
  for (let t = 0; t < T; t++) {
    // Column vectors, exactly as the equations are written: x_t is [k, 1].
    const xt = x.narrow(0, t, 1).transpose();
    let a = p.W_X.matmul(xt).add(p.W_H.matmul(h));
    if (p.b_h) a = a.add(p.b_h.reshape([d, 1]));
    h = a.tanh();
    let z = p.W_Y.matmul(h).transpose();
    if (p.b_y) z = z.add(p.b_y);
    const logp = z.logSoftmax(-1);
    const ce = logp.mul(target.narrow(0, t, 1)).sum().neg();
    loss = loss === null ? ce : loss.add(ce);
    hs.push(h.reshape([d]));
    ys.push(z.softmax(-1).reshape([-1]));
  }
  return { loss: loss!, hs, ys };
}

const cases = ["charrnn_onehot_nobias", "charrnn_onehot_bias_a", "charrnn_onehot_bias_b", "charrnn_hello_cs231n"];

for (const name of cases) {
  describe(name, () => {
    const fx = load(name);
    for (const backend of ["js", "wasm"] as const) {
      it(`loss, hidden states, probabilities and every gradient match PyTorch (${backend})`, () => {
        const params: Record<string, Tensor> = {};
        for (const [key, v] of Object.entries(fx.params)) params[key] = tensor(v.data, { shape: v.shape, backend, requiresGrad: true });
        const result = scope(() => {
          const { loss, hs, ys } = charRnnLoss(fx, params, backend);
          loss.backward();
          return { loss: loss.item(), h: hs.flatMap((t) => Array.from(t.data())), y: ys.flatMap((t) => Array.from(t.data())) };
        });
        const near = (got: number, want: number, what: string) => {
          const err = backend === "js" ? Math.abs(got - want) : Math.abs(got - want) / Math.max(Math.abs(want), 1e-3);
          const tol = backend === "js" ? 1e-10 : 1e-4;
          if (!(err <= tol)) throw new Error(`${name} (${backend}) ${what}: got ${got}, PyTorch ${want} (error ${err} > ${tol})`);
        };
        near(result.loss, fx.loss, "loss");
        fx.outputs.h.data.forEach((v, i) => near(result.h[i], v, `h[${i}]`));
        fx.outputs.y.data.forEach((v, i) => near(result.y[i], v, `y[${i}]`));
        for (const [key, g] of Object.entries(fx.grads)) {
          const got = params[key].grad!.data();
          expect(got.length).toBe(g.data.length);
          g.data.forEach((v, i) => near(got[i], v, `dL/d${key}[${i}]`));
        }
        zeroGrad(Object.values(params));
        for (const p of Object.values(params)) p.dispose();
      });
    }
  });
}
