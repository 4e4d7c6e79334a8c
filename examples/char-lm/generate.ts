/** Text from the model: feed a prompt, then sample one character at a time, carrying the state. */
import { noGrad, scope } from "@tapegrad/autograd";
import type { SeededRng } from "../shared/rng.ts";
import type { CharVocab } from "./char-vocab.ts";
import type { CarriedState, CharLstm } from "./char-lstm.ts";
import { sampleFromLogits } from "./sample.ts";

/** `length` characters following `prompt` (which must use the vocabulary); temperature 0 is greedy. */
export function generateText(model: CharLstm, vocab: CharVocab, prompt: string, length: number, temperature: number, rng: SeededRng): string {
  if ([...prompt].length === 0) throw new Error("generateText: expected a prompt of at least one character, got an empty string");
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const promptIds = vocab.encode(prompt);
      // The prompt in one call (all but its last character), then one step per sampled character.
      let state: CarriedState | undefined;
      if (promptIds.length > 1) state = scope(() => model.forward(promptIds.subarray(0, -1), 1).state);
      let next = promptIds[promptIds.length - 1];
      const out: number[] = [];
      for (let i = 0; i < length; i++) {
        const step = scope(() => {
          const r = model.forward([next], 1, state);
          return { logits: r.logits.data(), state: r.state };
        });
        state = step.state;
        next = sampleFromLogits(step.logits, temperature, rng);
        out.push(next);
      }
      return vocab.decode(out);
    });
  } finally {
    model.train(wasTraining);
  }
}
