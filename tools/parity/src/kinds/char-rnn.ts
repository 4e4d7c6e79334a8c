// kind "char_rnn": the CS231n "hello" RNN. Built from our modules: nn.RNN (W_X = weight_ih,
// W_H = weight_hh, b_h = bias_ih with bias_hh held at zero), Linear (W_Y, b_y), summed cross-entropy.
import { noGrad, softmax } from "@tapegrad/autograd";
import { Linear, RNN, crossEntropy } from "@tapegrad/nn";
import { toIds, toTensor, type Fixture } from "../fixture";
import type { KindRunner } from "./types";

export const charRnn: KindRunner = (fx: Fixture) => [
  {
    name: "",
    run(check, backend) {
      const { k, d, T, bias } = fx.config;
      if (fx.config.activation && fx.config.activation !== "tanh") throw new Error(`char_rnn: activation ${fx.config.activation} not supported`);
      const rnn = new RNN(k, d, { bias, backend });
      const head = new Linear(d, k, { bias, backend });
      const p = fx.params;
      const t = (name: string) => toTensor(p[name], `params.${name}`, backend);
      rnn.loadStateDict(bias ? { weight_ih_l0: t("W_X"), weight_hh_l0: t("W_H"), bias_ih_l0: t("b_h"), bias_hh_l0: { shape: [d], data: new Array(d).fill(0) } } : { weight_ih_l0: t("W_X"), weight_hh_l0: t("W_H") });
      head.loadStateDict(bias ? { weight: t("W_Y"), bias: t("b_y") } : { weight: t("W_Y") });

      const x = toTensor(fx.inputs.x_onehot, "inputs.x_onehot", backend).reshape([T, 1, k]);
      const h = rnn.forward(x).output.reshape([T, d]);
      const z = head.forward(h);
      const loss = crossEntropy(z, toIds(fx.inputs.target_ids, "inputs.target_ids").values, { reduction: "sum" });
      loss.backward();

      check.tensor("h", h, fx.outputs.h);
      check.tensor("z", z, fx.outputs.z);
      check.tensor("y", noGrad(() => softmax(z, -1)), fx.outputs.y);
      check.scalar("loss", loss.item(), fx.loss);
      const grads: Record<string, unknown> = {
        W_X: rnn.stateDict().weight_ih_l0.grad,
        W_H: rnn.stateDict().weight_hh_l0.grad,
        W_Y: head.weight.grad,
        b_h: rnn.stateDict().bias_ih_l0?.grad,
        b_y: head.bias?.grad,
      };
      for (const [name, want] of Object.entries(fx.grads)) {
        if (!(name in grads)) throw new Error(`char_rnn: unknown gradient "${name}"`);
        check.tensor(`grad ${name}`, grads[name] as any, want);
      }
    },
  },
];
