/**
 * The network: an LSTM or GRU encoder over the window and a Linear head that maps the final
 * state of the last layer to tomorrow's normalised temp_max. For a bidirectional encoder the
 * head reads both directions' final states: the forward one has seen the whole window ending
 * with yesterday, the reverse one the whole window ending with its first day.
 */
import { Generator, cat, type Tensor } from "@tapegrad/autograd";
import { GRU, LSTM, Linear, Module } from "@tapegrad/nn";
import type { ModelConfig } from "./model-config.ts";

export class WeatherRnn extends Module {
  readonly encoder: LSTM | GRU;
  readonly head: Linear;

  /** Parameters drawn from a Generator seeded with config.seed, so a seed fixes the whole run. */
  constructor(readonly config: ModelConfig, readonly inputFeatures: number) {
    super();
    const generator = new Generator(config.seed);
    const opts = { numLayers: config.layers, bidirectional: config.bidirectional, batchFirst: true, generator };
    const Cell = config.cell === "lstm" ? LSTM : GRU;
    this.encoder = this.registerModule("encoder", new Cell(inputFeatures, config.hidden, opts));
    const directions = config.bidirectional ? 2 : 1;
    this.head = this.registerModule("head", new Linear(directions * config.hidden, 1, { generator }));
  }

  /** x [batch, steps, features] → normalised temp_max [batch]. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 || x.shape[2] !== this.inputFeatures) {
      throw new Error(`WeatherRnn: expected input [batch, steps, ${this.inputFeatures}], got [${x.shape.join(", ")}]`);
    }
    const B = x.shape[0];
    const D = this.config.bidirectional ? 2 : 1;
    const { hN } = this.encoder.forward(x);
    // hN is [layers·D, B, H]; the last layer's D directions are its last D rows.
    const last = hN.narrow(0, (this.config.layers - 1) * D, D);
    const features = D === 1 ? last.reshape([B, this.config.hidden]) : cat([last.narrow(0, 0, 1), last.narrow(0, 1, 1)], 2).reshape([B, D * this.config.hidden]);
    return this.head.forward(features).reshape([B]);
  }
}
