/**
 * The "hello" char-RNN one step at a time: `pnpm example:hello` loops over it to the end; the web
 * playground takes a step, shows the probabilities, and lets the page breathe in between.
 * Vocabulary [h, e, l, o], a one-layer LSTM, input "hell", targets "ello".
 */
import { noGrad, scope } from "@tapegrad/autograd";
import { Adam, crossEntropy } from "@tapegrad/nn";
import type { SeededRng } from "../shared/rng.ts";
import { CharLstm } from "./char-lstm.ts";
import type { CharVocab } from "./char-vocab.ts";
import { generateText } from "./generate.ts";
import { helloData } from "./hello-data.ts";

export interface HelloResult {
  steps: number;
  loss: number;
  predicted: string;
  /** probabilities[t][v]: P(next = vocab[v] | "hell"[0..t]). */
  probabilities: number[][];
  chars: readonly string[];
}

export class HelloTrainer {
  readonly vocab: CharVocab;
  readonly model: CharLstm;
  private readonly optimizer: Adam;
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private steps = 0;

  constructor(opts: { seed?: number; lr?: number } = {}) {
    const { vocab, x, y } = helloData();
    this.vocab = vocab;
    this.x = x;
    this.y = y;
    this.model = new CharLstm({ vocab: vocab.size, embed: 4, hidden: 8, layers: 1, seed: opts.seed ?? 0 });
    this.optimizer = new Adam(this.model.parameters(), { lr: opts.lr ?? 0.05 });
  }

  /** The string the model should predict from "hell". */
  get target(): string {
    return this.vocab.decode(this.y);
  }

  /** One Adam step; the probabilities are the forward pass's before this update — exactly what the model said. */
  step(): HelloResult {
    const { x, y, vocab, model, optimizer } = this;
    const { loss, probs } = scope(() => {
      const { logits } = model.forward(x, 1);
      const l = crossEntropy(logits, y);
      const p = noGrad(() => logits.softmax(-1).data());
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      return { loss: l.item(), probs: p };
    });
    this.steps++;
    const V = vocab.size;
    const probabilities = Array.from({ length: x.length }, (_, t) => Array.from(probs.subarray(t * V, (t + 1) * V)));
    const predicted = vocab.decode(probabilities.map((row) => row.indexOf(Math.max(...row))));
    return { steps: this.steps, loss, predicted, probabilities, chars: vocab.chars };
  }

  /** True when the argmax prediction is the target and every right answer has probability ≥ minProbability. */
  learned(r: HelloResult, minProbability = 0.9): boolean {
    return r.predicted === this.target && r.probabilities.every((row, t) => row[this.y[t]] >= minProbability);
  }

  /** `length` characters sampled after `prompt` at `temperature` (0: greedy). */
  sample(prompt: string, length: number, temperature: number, rng: SeededRng): string {
    return generateText(this.model, this.vocab, prompt, length, temperature, rng);
  }
}
