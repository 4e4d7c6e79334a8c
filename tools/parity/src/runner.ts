// The parity runner: every fixture file in a folder, dispatched on its `kind` (never its file
// name), each case run on both backends against the tolerance of that backend.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { scope, type BackendName } from "@tapegrad/autograd";
import { Checker, TOLERANCES, type Worst } from "./compare";
import { readFixtureFile, type Fixture } from "./fixture-file";
import { charRnn } from "./kinds/char-rnn";
import { clip, clipValue } from "./kinds/clip";
import { dataLoader } from "./kinds/data-loader";
import { embedding, layerNorm } from "./kinds/layers";
import { lrScheduler } from "./kinds/lr-scheduler";
import { tensorOp } from "./kinds/tensor-op";
import { optimizerGroups } from "./kinds/optimizer-groups";
import { optimizerResume } from "./kinds/optimizer-resume";
import { loss } from "./kinds/loss";
import { model } from "./kinds/model";
import { optimizer } from "./kinds/optimizer";
import { recurrent } from "./kinds/recurrent";
import { recurrentChunks } from "./kinds/recurrent-chunks";
import { padSequenceKind } from "./kinds/pad-sequence";
import { attention } from "./kinds/attention";
import { accuracy } from "./kinds/accuracy";
import { moduleUtils } from "./kinds/module-utils";
import { errorMessages } from "./kinds/error-messages";
import type { KindRunner } from "./kinds/types";

export const KINDS: Record<string, KindRunner> = {
  recurrent,
  char_rnn: charRnn,
  loss,
  optimizer,
  clip_grad_norm: clip,
  model,
  optimizer_groups: optimizerGroups,
  lr_scheduler: lrScheduler,
  optimizer_resume: optimizerResume,
  clip_grad_value: clipValue,
  tensor_op: tensorOp,
  layer_norm: layerNorm,
  embedding,
  recurrent_chunks: recurrentChunks,
  pad_sequence: padSequenceKind,
  attention,
  accuracy,
  module_utils: moduleUtils,
  error_messages: errorMessages,
  data_loader: dataLoader,
};

export const BACKENDS: BackendName[] = ["js", "wasm"];

export interface CaseResult {
  file: string;
  /** The file's `case` (or file name), plus the sub-case name for multi-case files. */
  name: string;
  kind: string;
  backend: BackendName | "-";
  ok: boolean;
  worst: Worst | null;
  checked: number;
  failures: string[];
}

/** Runs one parsed fixture on the given backends. */
export function runFixture(file: string, fx: Fixture, backends: BackendName[] = BACKENDS): CaseResult[] {
  const base = typeof fx.case === "string" ? fx.case : file.replace(/\.json$/, "");
  const fail = (msg: string, kind = String(fx.kind)): CaseResult[] => [
    { file, name: base, kind, backend: "-", ok: false, worst: null, checked: 0, failures: [msg] },
  ];
  const runner = KINDS[fx.kind];
  if (!runner) return fail(`unknown kind ${JSON.stringify(fx.kind)} (known: ${Object.keys(KINDS).join(", ")})`);
  let cases: ReturnType<typeof runner>;
  try {
    cases = runner(fx);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (cases.length === 0) return fail("no cases in file");
  const out: CaseResult[] = [];
  for (const c of cases) {
    for (const backend of backends) {
      const check = new Checker(TOLERANCES[backend]);
      try {
        scope(() => c.run(check, backend));
      } catch (e) {
        check.failures.push(`error: ${(e as Error).message}`);
      }
      if (check.checked === 0 && check.ok) check.failures.push("nothing was compared");
      const name = c.name ? `${base}/${c.name}` : base;
      out.push({ file, name, kind: fx.kind, backend, ok: check.ok, worst: check.worst, checked: check.checked, failures: check.failures });
    }
  }
  return out;
}

/** True for files that are not fixtures: the folder's index.json and non-JSON files (README). */
export function isFixtureFile(name: string): boolean {
  return name.endsWith(".json") && name !== "index.json";
}

/** Reads and runs one file; an unreadable or kind-less file is a failure row. */
export function runFile(dir: string, file: string, backends: BackendName[] = BACKENDS): CaseResult[] {
  const failRow = (msg: string): CaseResult[] => [{ file, name: file, kind: "?", backend: "-", ok: false, worst: null, checked: 0, failures: [msg] }];
  let fx: unknown;
  try {
    fx = readFixtureFile(join(dir, file));
  } catch (e) {
    return failRow(`cannot read: ${(e as Error).message}`);
  }
  if (fx === null || typeof fx !== "object" || Array.isArray(fx)) return failRow("not a JSON object");
  if (typeof (fx as Fixture).kind !== "string") return failRow('no "kind" field');
  return runFixture(file, fx as Fixture, backends);
}

/** Runs every fixture file of a folder, sorted by name. */
export function runDir(dir: string, backends: BackendName[] = BACKENDS): CaseResult[] {
  const files = readdirSync(dir).filter(isFixtureFile).sort();
  return files.flatMap((f) => runFile(dir, f, backends));
}

/** The results as a text table, one row per case and backend. */
export function formatTable(results: CaseResult[]): string {
  const rows = results.map((r) => [
    r.ok ? "ok" : "FAIL",
    r.name,
    r.kind,
    r.backend,
    r.worst ? r.worst.abs.toExponential(2) : "-",
    r.worst ? r.worst.rel.toExponential(2) : "-",
    r.worst ? `${r.worst.ratio.toFixed(3)} ${r.worst.where}` : "-",
  ]);
  const head = ["", "case", "kind", "backend", "max abs err", "max rel err (|want|≥0.01)", "worst err/tol (where)"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const lines = [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const r of results) for (const f of r.failures) lines.push(`  ${r.name} [${r.backend}]: ${f}`);
  return lines.join("\n");
}

/** Worst errors per backend over all results. */
export function summary(results: CaseResult[]): string {
  const parts: string[] = [];
  for (const b of BACKENDS) {
    const rs = results.filter((r) => r.backend === b && r.worst);
    if (!rs.length) continue;
    const abs = Math.max(...rs.map((r) => r.worst!.abs));
    const rel = Math.max(...rs.map((r) => r.worst!.rel));
    const worst = rs.reduce((a, r) => (r.worst!.ratio > a.worst!.ratio ? r : a));
    parts.push(`${b}: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}, worst err/tol ${worst.worst!.ratio.toFixed(3)} (${worst.name}: ${worst.worst!.where})`);
  }
  const failed = results.filter((r) => !r.ok).length;
  parts.push(`${results.length - failed} of ${results.length} passed${failed ? `, ${failed} FAILED` : ""}`);
  return parts.join("\n");
}
