/**
 * Declarations every consumer can resolve. One `tsc` run emits .d.ts for every package's entries;
 * then each package gets them in dist/ twice: `.d.ts` (ESM: relative imports rewritten to `./x.js`,
 * which node16/nodenext require and bundler and node10 accept) and `.d.cts` (the same declarations
 * for `require`, importing `./x.cjs`), so neither ESM nor CommonJS consumers see a format
 * mismatch. A package that compiles other workspace packages into itself (the umbrella
 * `tapegrad`) gets their declarations under dist/_vendor/ with its `@tapegrad/x` imports pointed
 * there, so it installs and type-checks alone.
 *
 * Rejected: dts-bundle-generator (one file per entry). It inlines a workspace package whenever its
 * path has no node_modules in it — always, with pnpm's symlinks resolved — so @tapegrad/nn would
 * carry its own copy of autograd's `Tensor` class, nominally different from the one users import
 * from @tapegrad/autograd; it also took 73 s for four entries here against ~20 s for one tsc emit.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { bundledClosure, ROOT, type WorkspacePackage } from "./workspace-packages.ts";

/** Emits and installs the declarations of every package into its dist/. */
export function buildDeclarations(packages: WorkspacePackage[]): void {
  const stage = mkdtempSync(join(tmpdir(), "tapegrad-dts-"));
  try {
    const tsconfig = join(stage, "tsconfig.json");
    writeFileSync(tsconfig, JSON.stringify({
      extends: join(ROOT, "tsconfig.base.json"),
      compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: join(stage, "types"), rootDir: join(ROOT, "packages"), typeRoots: [join(ROOT, "node_modules/@types")] },
      files: packages.flatMap((p) => p.entries.map((e) => join(p.dir, e.source))),
    }));
    try {
      execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { encoding: "utf8", stdio: "pipe" });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`build-packages: declaration emit failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    for (const pkg of packages) {
      const dist = join(pkg.dir, "dist");
      copyTree(join(stage, "types", pkg.folder, "src"), dist);
      const vendored = bundledClosure(pkg, packages);
      for (const q of vendored) copyTree(join(stage, "types", q.folder, "src"), join(dist, "_vendor", q.folder));
      // Every entry of a vendored package, by its specifier: "@tapegrad/nn" → _vendor/nn/index,
      // "@tapegrad/nn/onnx" → _vendor/nn/onnx/index.
      const vendorEntry = new Map(vendored.flatMap((q) => q.entries.map((e) => [
        q.manifest.name + e.subpath.slice(1),
        join(dist, "_vendor", q.folder, e.source.replace(/^\.\/src\//, "").replace(/\.ts$/, "")),
      ] as const)));
      for (const e of pkg.entries) {
        // An entry whose source is not src/<name>.ts gets a declaration file under its output name.
        const emitted = join(dist, e.source.replace(/^\.\/src\//, "").replace(/\.ts$/, ".d.ts"));
        const wanted = join(dist, `${e.name}.d.ts`);
        if (emitted !== wanted) writeFileSync(wanted, `export * from "./${relative(dist, emitted).replace(/\.d\.ts$/, "")}";\n`);
        if (!existsSync(wanted)) throw new Error(`build-packages: ${pkg.manifest.name}: no declarations for ${e.subpath}`);
      }
      for (const file of listFiles(dist).filter((f) => f.endsWith(".d.ts"))) {
        const text = readFileSync(file, "utf8");
        if (/\/\/\/ <reference types="node"/.test(text)) throw new Error(`build-packages: ${relative(ROOT, file)} needs @types/node; keep Node types out of the public API`);
        writeFileSync(file, rewriteSpecifiers(text, file, ".js", vendorEntry));
        writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), rewriteSpecifiers(text, file, ".cjs", vendorEntry));
      }
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

// import/export … from "x", import("x"), import "x", and module augmentations: declare module "x".
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bdeclare\s+module\s+)(["'])([^"']+)\2/g;

/**
 * Gives every relative specifier its file and extension (`./ops/shape` → `./ops/shape.js`,
 * `./backend` → `./backend/index.js`) and points bundled workspace packages at their vendored copy.
 */
export function rewriteSpecifiers(text: string, file: string, ext: ".js" | ".cjs", vendorEntry: ReadonlyMap<string, string>): string {
  const dir = dirname(file);
  return text.replace(SPECIFIER, (whole, lead: string, quote: string, spec: string) => {
    let target: string | null = null;
    if (spec.startsWith(".")) {
      const base = join(dir, spec.replace(/\.(js|ts|d\.ts)$/, ""));
      if (existsSync(`${base}.d.ts`)) target = base;
      else if (existsSync(join(base, "index.d.ts"))) target = join(base, "index");
      else throw new Error(`build-packages: ${relative(ROOT, file)}: cannot resolve "${spec}"`);
    } else if (vendorEntry.has(spec)) {
      target = vendorEntry.get(spec)!;
    }
    if (target === null) return whole;
    let rel = relative(dir, target).split("\\").join("/");
    if (!rel.startsWith(".")) rel = `./${rel}`;
    return `${lead}${quote}${rel}${ext}${quote}`;
  });
}

function copyTree(from: string, to: string): void {
  if (!existsSync(from)) throw new Error(`build-packages: no declarations were emitted into ${from}`);
  for (const file of listFiles(from)) {
    const dest = join(to, relative(from, file));
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(file, dest);
  }
}

/** Every file under dir, recursively. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]));
}
