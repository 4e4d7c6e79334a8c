// `pnpm parity [DIR]`: runs every fixture in DIR (default test/fixtures/pytorch), prints the table,
// exits non-zero when any case fails or any file cannot be read.
import { existsSync, statSync } from "node:fs";
import { parseCommandLine } from "../../../scripts/command-line.ts";
import { formatTable, runDir, summary } from "./runner";

const { positionals } = parseCommandLine({
  command: "pnpm parity",
  description: "Runs every PyTorch fixture file in DIR (default test/fixtures/pytorch) on both backends and prints\nthe table; exits non-zero when any case fails.",
  flags: {},
  positionals: { usage: "[DIR]", max: 1 },
});
const dir = positionals[0] ?? "test/fixtures/pytorch";
if (!existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error(`parity: ${dir} is not a folder`);
  process.exit(2);
}
const results = runDir(dir);
console.log(formatTable(results));
console.log();
console.log(summary(results));
if (results.length === 0) {
  console.error(`parity: no fixture files in ${dir}`);
  process.exit(1);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
