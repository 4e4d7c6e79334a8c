// kind "recurrent": torch.nn.RNN / LSTM / GRU forward, final states and every gradient, via the
// fixture's loss L = sum(output·R) + sum(h_n·S) (+ sum(c_n·Q)); with inputs.lengths, a packed batch.
import type { BackendName, Tensor } from "@tapegrad/autograd";
import { GRU, LSTM, RNN, type RNNBase } from "@tapegrad/nn";
import { toTensor, type Fixture } from "../fixture";
import type { Checker } from "../compare";
import type { KindRunner } from "./types";

/**
 * The layer a recurrent fixture describes (`config`, `param_order`, `params`), parameters loaded;
 * a parameter-name mismatch is a failure. `stateful` carries the final state between calls.
 */
export function buildRecurrent(fx: Fixture, check: Checker, backend: BackendName, stateful = false): RNNBase {
  const c = fx.config;
  const opts = {
    numLayers: c.num_layers,
    bias: c.bias,
    batchFirst: c.batch_first,
    bidirectional: c.bidirectional,
    dropout: c.dropout ?? 0,
    ...(c.proj_size ? { projSize: c.proj_size } : {}),
    ...(stateful ? { stateful } : {}),
    backend,
  };
  let layer: RNNBase;
  if (c.mode === "LSTM") layer = new LSTM(c.input_size, c.hidden_size, opts);
  else if (c.mode === "GRU") layer = new GRU(c.input_size, c.hidden_size, opts);
  else if (c.mode === "RNN") layer = new RNN(c.input_size, c.hidden_size, { ...opts, nonlinearity: c.nonlinearity ?? "tanh" });
  else throw new Error(`recurrent: unknown config.mode ${JSON.stringify(c.mode)}`);
  layer.eval(); // dropout is 0 in the fixtures; eval makes the run deterministic regardless

  const names = layer.namedParameters().map(([n]) => n);
  if (Array.isArray(fx.param_order) && names.join() !== fx.param_order.join()) {
    check.failures.push(`parameter names: got ${names.join(", ")}; PyTorch has ${fx.param_order.join(", ")}`);
  }
  layer.loadStateDict(Object.fromEntries(Object.entries(fx.params).map(([k, v]) => [k, toTensor(v, `params.${k}`, backend)])));
  return layer;
}

export const recurrent: KindRunner = (fx: Fixture) => [
  {
    name: "",
    run(check, backend) {
      const layer = buildRecurrent(fx, check, backend);

      const x = toTensor(fx.inputs.x, "inputs.x", backend, true);
      const h0 = fx.inputs.h0 ? toTensor(fx.inputs.h0, "inputs.h0", backend, true) : undefined;
      const c0 = fx.inputs.c0 ? toTensor(fx.inputs.c0, "inputs.c0", backend, true) : undefined;
      // inputs.lengths: PyTorch packed the batch (pack_padded_sequence, enforce_sorted=False) and padded the output back.
      const lengths: number[] | undefined = fx.inputs.lengths;
      const out = (layer as LSTM).forward(x, { h0, c0, ...(lengths ? { lengths } : {}) });

      const lw = fx.loss_weights;
      let loss: Tensor = out.output.mul(toTensor(lw.R, "loss_weights.R", backend)).sum();
      loss = loss.add(out.hN.mul(toTensor(lw.S, "loss_weights.S", backend)).sum());
      if (lw.Q && out.cN) loss = loss.add(out.cN.mul(toTensor(lw.Q, "loss_weights.Q", backend)).sum());
      loss.backward();

      check.tensor("output", out.output, fx.outputs.output);
      check.tensor("h_n", out.hN, fx.outputs.h_n);
      if (fx.outputs.c_n) check.tensor("c_n", out.cN, fx.outputs.c_n);
      check.scalar("loss", loss.item(), fx.loss);
      const params = layer.stateDict();
      for (const [k, want] of Object.entries(fx.grads)) {
        const got = k === "x" ? x.grad : k === "h0" ? h0?.grad : k === "c0" ? c0?.grad : params[k]?.grad;
        check.tensor(`grad ${k}`, got, want);
      }
    },
  },
];
