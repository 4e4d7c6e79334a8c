// pnpm example:homework [-- --fixture <name | path.json>]
// Works the seed exercise (a k=4, d=3, T=3 tanh RNN over one-hot inputs) through forward and
// backpropagation through time by hand, and compares every gradient with PyTorch's.
import { DEFAULT_FIXTURE, loadCharRnnFixture } from "./fixture";
import { homeworkReport } from "./report";
import { runCommand } from "../../scripts/command-line.ts";

const COMMAND = {
  command: "pnpm example:homework",
  description: "Works the seed exercise (a k=4, d=3, T=3 tanh RNN over one-hot inputs) through forward and\nbackpropagation through time by hand, and compares every gradient with autograd's and PyTorch's.",
  flags: {
    fixture: { type: "string", short: "f", default: DEFAULT_FIXTURE, value: "NAME|PATH", description: "charrnn_onehot_bias_a, charrnn_onehot_nobias, charrnn_onehot_bias_b, charrnn_hello_cs231n or a .json file" },
  },
} as const;

await runCommand(COMMAND, ({ fixture }) => {
  console.log(homeworkReport(loadCharRnnFixture(fixture)).join("\n"));
});
