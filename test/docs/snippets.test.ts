// Docs that run: every TypeScript/JavaScript block in the documentation (scripts/docs/snippets.ts
// says which files and tags) is type-checked as a module of its own, strict, and then run with
// tsx in an empty folder. A snippet that leans on a variable it never defines, calls an API that
// changed, or throws fails here, named by its file and line.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allSnippets, extractSnippets, type Snippet } from "../../scripts/docs/snippets.ts";
import { ROOT } from "../../scripts/packaging/workspace-packages.ts";

const exec = promisify(execFile);
// Under the repository, so the snippets' imports resolve to the workspace packages as they would
// to installed ones; node_modules/.cache is ignored by git and by the tools.
const dir = join(ROOT, "node_modules/.cache/doc-snippets");
const cwd = mkdtempSync(join(tmpdir(), "tapegrad-snippets-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const snippets = allSnippets(ROOT);
// The snippets run in an empty folder, where `--import tsx` would not resolve: name the loader.
const tsxLoader = pathToFileURL(createRequire(join(ROOT, "package.json")).resolve("tsx")).href;
const fileOf = (s: Snippet) => join(dir, `${s.doc.replace(/[^\w]+/g, "_")}_L${s.line}.${s.lang === "ts" ? "ts" : "mjs"}`);

describe("extractSnippets", () => {
  it("takes ts/js fences only, with their line numbers, and leaves sh, json and untagged blocks", () => {
    const md = "# t\n```sh\npnpm x\n```\n```ts\nconst a = 1;\nconsole.log(a);\n```\n```\nout\n```\n  ```js\n  let b = 2;\n  ```\n```json\n{}\n```\n";
    expect(extractSnippets(md, "x.md")).toEqual([
      { doc: "x.md", line: 6, lang: "ts", code: "const a = 1;\nconsole.log(a);" },
      { doc: "x.md", line: 13, lang: "js", code: "let b = 2;" },
    ]);
  });
});

describe("every snippet in the docs", () => {
  it("finds the snippets of the main docs", () => {
    const docs = new Set(snippets.map((s) => s.doc));
    for (const doc of ["README.md", "packages/tapegrad/README.md", "packages/nn/README.md", "packages/autograd/README.md"]) expect(docs).toContain(doc);
  });

  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const s of snippets) writeFileSync(fileOf(s), s.code.includes("import ") || s.code.includes("export ") ? s.code : `${s.code}\nexport {};\n`);
  });

  it("type-checks, strict, as a module of its own", async () => {
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      extends: join(ROOT, "tsconfig.base.json"),
      compilerOptions: { allowJs: true, checkJs: true, noEmit: true, noUnusedLocals: false, typeRoots: [join(ROOT, "node_modules/@types")] },
      files: snippets.map(fileOf),
    }));
    let output = "";
    try {
      await exec(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { cwd: dir });
    } catch (err) {
      output = (err as { stdout?: string }).stdout ?? String(err);
    }
    // Point each error at the doc: "README.md:19+3: error TS…" (snippet start + line within it).
    const located = output.split("\n").filter(Boolean).map((line) => {
      const s = snippets.find((x) => line.includes(fileOf(x).slice(dir.length + 1)));
      const m = /\((\d+),\d+\)/.exec(line);
      return s && m ? `${s.doc}:${s.line + Number(m[1]) - 1}: ${line.replace(/^.*?error /, "error ")}` : line;
    });
    expect(located).toEqual([]);
  }, 120_000);

  it.each(snippets.map((s) => [`${s.doc}:${s.line}`, s] as const))("%s runs", async (_where, s) => {
    try {
      await exec(process.execPath, ["--import", tsxLoader, fileOf(s)], { cwd, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "" } });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      // The message without Node's stack lines: the doc and line are what lead to the fix.
      const text = (e.stderr || e.message).split("\n").filter((l) => !/^\s+at /.test(l)).join("\n");
      throw new Error(`${s.doc}:${s.line}: the snippet failed:\n${text}`);
    }
  }, 90_000);
});
