// pnpm example:homework [--fixture <name | path.json>]
// Works the seed exercise (a k=4, d=3, T=3 tanh RNN over one-hot inputs) through forward and
// backpropagation through time by hand, and compares every gradient with PyTorch's.
import { DEFAULT_FIXTURE, loadCharRnnFixture } from "./fixture";
import { homeworkReport } from "./report";

function parseArgs(argv: string[]): { fixture: string } {
  let fixture = DEFAULT_FIXTURE;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--fixture" || a === "-f") {
      if (!argv[i + 1]) throw new Error(`homework: ${a} needs a fixture name or a path to a .json file`);
      fixture = argv[++i];
    } else if (a.startsWith("--fixture=")) {
      fixture = a.slice("--fixture=".length);
    } else if (a === "--help" || a === "-h") {
      console.log("usage: pnpm example:homework [--fixture charrnn_onehot_bias_a | charrnn_onehot_nobias | charrnn_onehot_bias_b | charrnn_hello_cs231n | path.json]");
      process.exit(0);
    } else if (a !== "--") {
      throw new Error(`homework: unknown argument ${a} (try --help)`);
    }
  }
  return { fixture };
}

const { fixture } = parseArgs(process.argv.slice(2));
console.log(homeworkReport(loadCharRnnFixture(fixture)).join("\n"));
