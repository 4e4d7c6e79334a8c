/**
 * The smallest char-LM (`pnpm example:hello`): vocabulary [h, e, l, o], a one-layer LSTM trained
 * on "hello" until, reading "hell", it predicts "ello" — including the two different answers
 * after the two l's, which needs the state. Prints the per-step probabilities at the end.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { integerFlag, runCommand } from "../../scripts/command-line.ts";
import { writeResultsJson } from "../shared/results-table.ts";
import { type HelloResult, HelloTrainer } from "./hello-trainer.ts";

export type { HelloResult };

/** Trains until the argmax prediction is "ello" and every right answer has probability ≥ minProbability. */
export function trainHello(opts: { seed?: number; maxSteps?: number; minProbability?: number; log?: (line: string) => void } = {}): HelloResult {
  const trainer = new HelloTrainer({ seed: opts.seed });
  const maxSteps = opts.maxSteps ?? 500;
  let result = trainer.step();
  for (let step = 1; ; step++) {
    if (step % 25 === 0 || step === 1) opts.log?.(`step ${String(step).padStart(3)}  loss ${result.loss.toFixed(4)}  predicts "${result.predicted}"`);
    if (trainer.learned(result, opts.minProbability) || step >= maxSteps) return result;
    result = trainer.step();
  }
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
