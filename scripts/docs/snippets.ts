/**
 * The code in the docs that a reader may paste: every fenced block tagged ts, typescript, js,
 * javascript, mjs or mts in the documentation files (README.md, packages/x/README.md, docs/x.md,
 * examples/README.md and examples/x/README.md). Blocks tagged otherwise (sh, json, text, none)
 * are not code to run. test/docs/snippets.test.ts type-checks and runs each one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface Snippet {
  /** Repository-relative path of the markdown file. */
  doc: string;
  /** 1-based line of the first line of code (after the opening fence). */
  line: number;
  lang: "ts" | "js";
  code: string;
}

const RUNNABLE: Record<string, Snippet["lang"]> = { ts: "ts", typescript: "ts", mts: "ts", js: "js", javascript: "js", mjs: "js" };

/** The documentation files, found by pattern so new ones are picked up. */
export function docFiles(root: string): string[] {
  const inDir = (dir: string, pick: (name: string) => boolean) =>
    existsSync(join(root, dir)) ? readdirSync(join(root, dir), { withFileTypes: true }).filter((d) => pick(d.name) && (d.isFile() || d.isDirectory())).map((d) => join(dir, d.name)) : [];
  const readmes = (dir: string) => inDir(dir, () => true).map((d) => join(d, "README.md")).filter((f) => existsSync(join(root, f)));
  return ["README.md", "examples/README.md", ...readmes("packages"), ...readmes("examples"), ...inDir("docs", (n) => n.endsWith(".md"))]
    .filter((f) => existsSync(join(root, f)))
    .map((f) => relative(root, join(root, f)));
}

/** The runnable fenced blocks of one markdown text. */
export function extractSnippets(markdown: string, doc: string): Snippet[] {
  const lines = markdown.split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, tag] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    const lang = RUNNABLE[tag.toLowerCase()];
    if (lang) out.push({ doc, line: i + 2, lang, code: lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join("\n") });
    i = end;
  }
  return out;
}

/** Every runnable snippet of every documentation file. */
export function allSnippets(root: string): Snippet[] {
  return docFiles(root).flatMap((doc) => extractSnippets(readFileSync(join(root, doc), "utf8"), doc));
}
