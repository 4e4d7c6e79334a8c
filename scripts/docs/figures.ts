/**
 * `pnpm docs:figures`: runs the examples whose results the docs quote (figure-registry.ts),
 * keeps each run's results.json in docs/results/<id>.json, and rewrites every marked figure
 * `<!--fig:KEY-->TEXT<!--/fig-->` in the docs from them. `--no-run` only rewrites the docs from
 * the committed results; `--only id,id` reruns some. The runs are deterministic for their seeds,
 * so a rerun changes nothing unless the code's results changed.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runCommand, UsageError } from "../command-line.ts";
import { ROOT } from "../packaging/workspace-packages.ts";
import { FIGURES, type FigureRun, type Results, RUNS } from "./figure-registry.ts";
import { docFiles } from "./snippets.ts";

const exec = promisify(execFile);
export const RESULTS_DIR = join(ROOT, "docs/results");
const MARKER = /<!--fig:([\w.-]+)-->([\s\S]*?)<!--\/fig-->/g;

/** Runs one example as a user would (CI=1: plain progress lines) and returns its results.json. */
export async function runFigureRun(run: FigureRun): Promise<Results> {
  const out = mkdtempSync(join(tmpdir(), `tapegrad-figures-${run.id}-`));
  try {
    await exec(process.execPath, ["--import", "tsx", run.script, ...run.args(), "--out", out], { cwd: ROOT, env: { ...process.env, CI: "1" }, maxBuffer: 64 << 20 });
    const text = readFileSync(join(out, "results.json"), "utf8");
    // Paths inside the checkout would differ between clones: store them relative to it.
    return JSON.parse(text.split(ROOT.replace(/\/$/, "")).join("."));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The committed results of every run, by run id. */
export function committedResults(): Results {
  const files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith(".json"));
  return Object.fromEntries(files.map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(RESULTS_DIR, f), "utf8"))]));
}

export interface MarkedFigure {
  doc: string;
  line: number;
  key: string;
  text: string;
}

/** Every marked figure in the docs. */
export function markedFigures(): MarkedFigure[] {
  return docFiles(ROOT).flatMap((doc) => {
    const text = readFileSync(join(ROOT, doc), "utf8");
    return [...text.matchAll(MARKER)].map((m) => ({ doc, line: text.slice(0, m.index).split("\n").length, key: m[1], text: m[2] }));
  });
}

/** The text a figure must show, or an error naming the key when the registry has none. */
export function figureText(key: string, results: Results): string {
  const make = FIGURES[key];
  if (!make) throw new Error(`figures: unknown figure "${key}"; add it to scripts/docs/figure-registry.ts`);
  return make(results);
}

/** Rewrites the marked figures of every doc from results; returns the figures that changed. */
export function rewriteDocs(results: Results): MarkedFigure[] {
  const changed: MarkedFigure[] = [];
  for (const doc of docFiles(ROOT)) {
    const path = join(ROOT, doc);
    const before = readFileSync(path, "utf8");
    const after = before.replace(MARKER, (whole, key: string, text: string, offset: number) => {
      const want = figureText(key, results);
      if (want === text) return whole;
      changed.push({ doc, line: before.slice(0, offset).split("\n").length, key, text: `${text} → ${want}` });
      return `<!--fig:${key}-->${want}<!--/fig-->`;
    });
    if (after !== before) writeFileSync(path, after);
  }
  return changed;
}

const COMMAND = {
  command: "pnpm docs:figures",
  description: "Runs the examples the docs quote, stores their results in docs/results/, and rewrites the\nmarked figures in the docs from them (several minutes: char-LM and seq2seq train for ~90 s each).",
  flags: {
    only: { type: "string", value: "IDS", description: `rerun only these runs (comma-separated): ${RUNS.map((r) => r.id).join(", ")}` },
    "no-run": { type: "boolean", default: false, description: "rewrite the docs from the committed results only" },
  },
} as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runCommand(COMMAND, async (values) => {
    const wanted = values.only?.split(",").map((s) => s.trim()) ?? RUNS.map((r) => r.id);
    for (const id of wanted) if (!RUNS.some((r) => r.id === id)) throw new UsageError(`--only: no run "${id}"; runs: ${RUNS.map((r) => r.id).join(", ")}`);
    if (!values["no-run"]) {
      for (const run of RUNS.filter((r) => wanted.includes(r.id))) {
        const started = performance.now();
        const results = await runFigureRun(run);
        writeFileSync(join(RESULTS_DIR, `${run.id}.json`), `${JSON.stringify(results, null, 2)}\n`);
        console.log(`${run.id}: ${((performance.now() - started) / 1000).toFixed(1)} s → docs/results/${run.id}.json`);
      }
    }
    const changed = rewriteDocs(committedResults());
    for (const c of changed) console.log(`${c.doc}:${c.line} ${c.key}: ${c.text}`);
    console.log(changed.length ? `${changed.length} figure(s) rewritten` : "every figure already matches its run");
  });
}
