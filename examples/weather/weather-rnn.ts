/**
 * The network: an LSTM or GRU encoder over the window and a Linear head that maps the final
 * state of the last layer to tomorrow's normalised temp_max. For a bidirectional encoder the
 * head reads both directions' final states: the forward one has seen the whole window ending
 * with yesterday, the reverse one the whole window ending with its first day.
 *
 * It is a plain Sequential of @tapegrad/nn modules, so its checkpoint describes it completely:
 * `loadModel` rebuilds it, examples/to-pytorch builds the same torch.nn model, and `exportOnnx`
 * exports it, none of them needing this file.
 */
import { Generator } from "@tapegrad/autograd";
import { FinalHidden, Flatten, GRU, LSTM, Linear, Sequential } from "@tapegrad/nn";
import type { ModelConfig } from "./model-config.ts";

/** x [batch, steps, features] → normalised temp_max [batch]; parameters "encoder.*" and "head.*". */
export function weatherRnn(config: ModelConfig, inputFeatures: number): Sequential {
  // Parameters drawn from a Generator seeded with config.seed, so a seed fixes the whole run.
  const generator = new Generator(config.seed);
  const opts = { numLayers: config.layers, bidirectional: config.bidirectional, batchFirst: true, generator };
  const Cell = config.cell === "lstm" ? LSTM : GRU;
  const directions = config.bidirectional ? 2 : 1;
  return new Sequential({
    encoder: new Cell(inputFeatures, config.hidden, opts),
    finalState: new FinalHidden(), // [batch, directions·hidden]
    head: new Linear(directions * config.hidden, 1, { generator }),
    squeeze: new Flatten(0), // [batch, 1] → [batch]
  });
}
