// brain.js as a peer. Its LSTMTimeStep cannot take 8 inputs to 1 output with a loss on the last
// step only: it trains sequence by sequence (no batching), predicting the next step's 8 values at
// every step with its own squared-error loss. So its figure is one pass over the same 32
// sequences (same sizes: input 8, hidden 64, 50 steps) — comparable work, not an identical task.
import { createRequire } from "node:module";
import { taskData, type Task } from "./tasks";

const require = createRequire(import.meta.url);

export function brainTrainer(task: Task): { step: () => number } | null {
  if (task.cell !== "lstm" || task.large) return null;
  const brain = require("brain.js");
  const net = new brain.recurrent.LSTMTimeStep({ inputSize: task.input, hiddenLayers: [task.hidden], outputSize: task.input });
  const { x } = taskData(task);
  // brain.js diverges on inputs outside [0, 1]; map [-1, 1] to [0.1, 0.9].
  const sequences = Array.from({ length: task.batch }, (_, b) =>
    Array.from({ length: task.seq }, (_, t) =>
      Array.from(x.subarray((b * task.seq + t) * task.input, (b * task.seq + t + 1) * task.input), (v) => 0.5 + 0.4 * v),
    ),
  );
  return { step: () => net.train(sequences, { iterations: 1, log: false, errorThresh: 0 }).error };
}
