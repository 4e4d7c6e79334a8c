// Code outside a package uses its public API: no file outside packages/<name>/ imports from
// packages/<name>/src (a deep relative path, or "@tapegrad/<name>/src/…"). A package's own tests
// may import its src; everything else imports "@tapegrad/<name>" (or a subpath it exports).
// Paths handed to a bundler as entry points (examples/web/build.ts builds the worker modules)
// are not imports and are not looked at.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/packaging/workspace-packages.ts";

const SCANNED = ["packages", "tools", "examples", "bench", "test", "scripts"];
const SKIPPED_DIRS = new Set(["node_modules", "dist", "out", "generated", "fixtures"]);
const SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;
// import … from "x", export … from "x", import "x", import("x"), require("x").
const SPECIFIER = /\b(?:import|export)\s[^;'"`]*?\bfrom\s*(["'])([^"']+)\1|\bimport\s*(["'])([^"']+)\3|\b(?:import|require)\s*\(\s*(["'])([^"']+)\5\s*\)/g;

/** Every source file below dir (relative to the repository root), skipping build output and dependencies. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return SKIPPED_DIRS.has(d.name) ? [] : sourceFiles(path);
    return SOURCE.test(d.name) ? [path] : [];
  });
}

/** The package folder a repository path lies in ("packages/nn/test/x.ts" → "nn"), or null. */
function packageOf(path: string): string | null {
  const parts = path.split(sep);
  return parts[0] === "packages" && parts.length > 2 ? parts[1] : null;
}

/** The imports in `text` (the file at repository path `file`) that reach into another package's src/. */
function deepImports(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[2] ?? m[4] ?? m[6];
    if (/^(?:@tapegrad\/[^/]+|tapegrad)\/src(?:\/|$)/.test(spec)) {
      found.push(spec);
      continue;
    }
    if (!spec.startsWith(".")) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec));
    const parts = target.split(sep);
    if (parts[0] === "packages" && parts[2] === "src" && packageOf(file) !== parts[1]) found.push(spec);
  }
  return found;
}

describe("package boundaries", () => {
  it("the check sees a deep import in each form, and lets a package's own tests and public names through", () => {
    expect(deepImports(join("tools", "parity", "src", "a.ts"), `import { x } from "../../../packages/nn/src/optim/optimizer";`)).toEqual(["../../../packages/nn/src/optim/optimizer"]);
    expect(deepImports(join("test", "a.test.ts"), `import type {\n  Mode,\n} from "../packages/bptt/src/index";\nconst m = await import("../packages/nn/src/index.ts");\nrequire("@tapegrad/nn/src/module");`)).toEqual([
      "../packages/bptt/src/index",
      "../packages/nn/src/index.ts",
      "@tapegrad/nn/src/module",
    ]);
    expect(deepImports(join("packages", "autograd", "test", "a.test.ts"), `import { x } from "../../nn/src/index";`)).toEqual(["../../nn/src/index"]);
    expect(deepImports(join("packages", "nn", "test", "a.test.ts"), `import { x } from "../src/index";\nimport { y } from "@tapegrad/nn/onnx";\nimport { z } from "../../../test/support/compare";`)).toEqual([]);
  });

  it("no file outside a package imports from its src/", () => {
    const files = SCANNED.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(200);
    const offenders = files.flatMap((file) => deepImports(file, readFileSync(join(ROOT, file), "utf8")).map((spec) => `${file}: ${spec}`));
    expect(offenders).toEqual([]);
  });
});
