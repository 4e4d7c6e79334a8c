// kind "model": Embedding → LSTM → Linear, many-to-many (cross-entropy at every step) or
// many-to-one (last step, BCE with logits). Parameters load under PyTorch's dotted names.
import type { Tensor } from "@tapegrad/autograd";
import { Embedding, LSTM, Linear, Module, binaryCrossEntropyWithLogits, crossEntropy } from "@tapegrad/nn";
import { nest, toIds, toTensor, type Fixture } from "../fixture";
import type { KindRunner } from "./types";

class SeqModel extends Module {
  readonly embedding: Embedding;
  readonly lstm: LSTM;
  readonly linear: Linear;
  constructor(c: Record<string, any>, backend: "wasm" | "js") {
    super();
    this.embedding = this.registerModule("embedding", new Embedding(c.vocab, c.emb, { backend }));
    this.lstm = this.registerModule("lstm", new LSTM(c.emb, c.hidden, { batchFirst: c.batch_first ?? true, backend }));
    this.linear = this.registerModule("linear", new Linear(c.hidden, c.out, { backend }));
  }
}

export const model: KindRunner = (fx: Fixture) => [
  {
    name: "",
    run(check, backend) {
      const c = fx.config;
      const m = new SeqModel(c, backend);
      const names = m.namedParameters().map(([n]) => n);
      if (Array.isArray(fx.param_order) && names.join() !== fx.param_order.join()) {
        check.failures.push(`parameter names: got ${names.join(", ")}; PyTorch has ${fx.param_order.join(", ")}`);
      }
      m.loadStateDict(Object.fromEntries(Object.entries(fx.params).map(([k, v]) => [k, toTensor(v, `params.${k}`, backend)])));
      const tokens = toIds(fx.inputs.tokens, "inputs.tokens");
      const embedded = m.embedding.forward(nest(tokens.values, tokens.shape));
      const { output, hN, cN } = m.lstm.forward(embedded);
      const bf = c.batch_first ?? true;
      let loss: Tensor;
      let logits: Tensor;
      if (fx.outputs.logits) {
        logits = m.linear.forward(output);
        const targets = toIds(fx.inputs.targets, "inputs.targets");
        loss = crossEntropy(logits, nest(targets.values, targets.shape));
        check.tensor("logits", logits, fx.outputs.logits);
      } else if (fx.outputs.logit) {
        const T = bf ? output.shape[1] : output.shape[0];
        const last = (bf ? output.narrow(1, T - 1, 1) : output.narrow(0, T - 1, 1)).reshape([hN.shape[1], c.hidden]);
        logits = m.linear.forward(last).reshape([hN.shape[1]]);
        loss = binaryCrossEntropyWithLogits(logits, toTensor(fx.inputs.targets, "inputs.targets", backend));
        check.tensor("logit", logits, fx.outputs.logit);
      } else {
        throw new Error(`model: outputs must have "logits" (many-to-many) or "logit" (many-to-one)`);
      }
      loss.backward();
      check.tensor("embedded", embedded, fx.outputs.embedded);
      check.tensor("lstm_output", output, fx.outputs.lstm_output);
      check.tensor("h_n", hN, fx.outputs.h_n);
      check.tensor("c_n", cN, fx.outputs.c_n);
      check.scalar("loss", loss.item(), fx.loss);
      const params = m.stateDict();
      for (const [k, want] of Object.entries(fx.grads)) check.tensor(`grad ${k}`, params[k]?.grad, want);
    },
  },
];
