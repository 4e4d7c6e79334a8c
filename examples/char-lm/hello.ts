/**
 * The smallest char-LM (`pnpm example:hello`): vocabulary [h, e, l, o], a one-layer LSTM trained
 * on "hello" until, reading "hell", it predicts "ello" — including the two different answers
 * after the two l's, which needs the state. Prints the per-step probabilities at the end.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { noGrad, scope } from "@tapegrad/autograd";
import { integerFlag, runCommand } from "../../scripts/command-line.ts";
import { Adam, crossEntropy } from "@tapegrad/nn";
import { writeResultsJson } from "../shared/results-table.ts";
import { CharLstm } from "./char-lstm.ts";
import { helloData } from "./hello-data.ts";

export interface HelloResult {
  steps: number;
  loss: number;
  predicted: string;
  /** probabilities[t][v]: P(next = vocab[v] | "hell"[0..t]). */
  probabilities: number[][];
  chars: readonly string[];
}

/** Trains until the argmax prediction is "ello" and every right answer has probability ≥ minProbability. */
export function trainHello(opts: { seed?: number; maxSteps?: number; minProbability?: number; log?: (line: string) => void } = {}): HelloResult {
  const { vocab, x, y } = helloData();
  const model = new CharLstm({ vocab: vocab.size, embed: 4, hidden: 8, layers: 1, seed: opts.seed ?? 0 });
  const optimizer = new Adam(model.parameters(), { lr: 0.05 });
  const maxSteps = opts.maxSteps ?? 500;
  const minProbability = opts.minProbability ?? 0.9;
  const target = vocab.decode(y);
  let result: HelloResult | null = null;
  for (let step = 1; step <= maxSteps; step++) {
    const { loss, probs } = scope(() => {
      const { logits } = model.forward(x, 1);
      const l = crossEntropy(logits, y);
      const p = noGrad(() => logits.softmax(-1).data());
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      return { loss: l.item(), probs: p };
    });
    // probs are from the forward pass before this step's update: exactly what the model said.
    const V = vocab.size;
    const probabilities = Array.from({ length: x.length }, (_, t) => Array.from(probs.subarray(t * V, (t + 1) * V)));
    const predicted = vocab.decode(probabilities.map((row) => row.indexOf(Math.max(...row))));
    if (step % 25 === 0 || step === 1) opts.log?.(`step ${String(step).padStart(3)}  loss ${loss.toFixed(4)}  predicts "${predicted}"`);
    result = { steps: step, loss, predicted, probabilities, chars: vocab.chars };
    if (predicted === target && probabilities.every((row, t) => row[y[t]] >= minProbability)) break;
  }
  return result!;
}

/** The per-step table: input so far, one column per character, the prediction. */
export function formatHelloTable(r: HelloResult): string {
  const input = "hell";
  const head = ["input", ...r.chars.map((c) => `P(${c})`), "predicts"];
  const rows = r.probabilities.map((p, t) => [input.slice(0, t + 1).padStart(4), ...p.map((v) => v.toFixed(3)), r.predicted[t]]);
  const last = head.length - 1;
  return [head, ...rows].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(6) : c.padStart(i === last ? 10 : 8))).join("")).join("\n");
}

const COMMAND = {
  command: "pnpm example:hello",
  description: 'The smallest char-LM: a one-layer LSTM learns to read "hell" and predict "ello", then prints the\nprobability it gives each next character.',
  flags: {
    seed: { type: "string", default: "0", value: "N", description: "seed of the weights" },
    out: { type: "string", value: "DIR", description: "also write DIR/results.json (steps, loss, the table)" },
  },
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runCommand(COMMAND, (values) => {
    const started = performance.now();
    const r = trainHello({ seed: integerFlag("seed", values.seed, 0), log: console.log });
    const ok = r.predicted === "ello";
    console.log(`\n${ok ? "learned" : "did not learn"} "hell" → "ello" in ${r.steps} steps (loss ${r.loss.toFixed(4)}, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    console.log(formatHelloTable(r));
    if (values.out) {
      writeResultsJson(join(values.out, "results.json"), [{ name: "LSTM 1×8", metrics: { steps: r.steps, loss: r.loss } }], {
        example: "hello",
        steps: r.steps,
        predicted: r.predicted,
        table: formatHelloTable(r),
        seconds: (performance.now() - started) / 1000,
      });
    }
    if (!ok) process.exit(1);
  });
}
