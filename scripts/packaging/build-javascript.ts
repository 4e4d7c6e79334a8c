/**
 * The published JavaScript of one package, with esbuild: per entry an ES module (`dist/x.js`,
 * platform-neutral; entries share chunks so state such as the kernel instance exists once), a
 * browser ES module where files are swapped for browsers (`dist/x.browser.js`), and CommonJS
 * (`dist/x.cjs`). Workspace packages the package depends on stay imports; the ones it bundles
 * (the umbrella's) are compiled in.
 */
import { build, type BuildOptions, type Plugin } from "esbuild";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundledClosure, hasBrowserVariant, type WorkspacePackage, WORKSPACE_SCOPE } from "./workspace-packages.ts";

/** Writes dist/*.js, *.browser.js and *.cjs for the package's entries. */
export async function buildJavaScript(pkg: WorkspacePackage, all: WorkspacePackage[]): Promise<void> {
  const dist = join(pkg.dir, "dist");
  const runtimeDeps = Object.keys(pkg.manifest.dependencies ?? {});
  if (bundledClosure(pkg, all).some((q) => runtimeDeps.includes(q.manifest.name))) {
    throw new Error(`build-packages: ${pkg.manifest.name} both bundles and depends on the same workspace package`);
  }
  const common: BuildOptions = {
    bundle: true,
    target: "es2022",
    // Runtime dependencies stay imports (npm installs them; nn's onnx-proto is loaded by the
    // @tapegrad/nn/onnx entry only); node: built-ins are the host's.
    external: [...runtimeDeps, ...runtimeDeps.map((d) => `${d}/*`), "node:*"],
    logLevel: "warning",
    absWorkingDir: pkg.dir,
  };
  const entryPoints = Object.fromEntries(pkg.entries.map((e) => [e.name, join(pkg.dir, e.source)]));
  const several = pkg.entries.length > 1;
  const esm: BuildOptions = { ...common, entryPoints, format: "esm", splitting: several, outdir: dist, chunkNames: "chunks/[name]-[hash]" };
  await build({ ...esm, platform: "neutral", mainFields: ["module", "main"] });
  await buildWorkers(pkg, all, dist);
  if (hasBrowserVariant(pkg, all)) {
    await build({ ...esm, platform: "browser", entryNames: "[name].browser", chunkNames: "chunks/browser-[hash]" });
  }
  // CommonJS has no import.meta: workers are found next to the file that starts them.
  const cjsMeta: BuildOptions = {
    banner: { js: 'const __tapegradModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__tapegradModuleUrl" },
  };
  if (!several) {
    await build({ ...common, ...cjsMeta, entryPoints, format: "cjs", platform: "node", outExtension: { ".js": ".cjs" }, outdir: dist });
    return;
  }
  // CommonJS has no shared chunks: one module holds every entry, and each entry file re-exports its
  // part, so `require("tapegrad")` and `require("tapegrad/bptt")` share one kernel instance. Each
  // entry is a function that initialises its modules on first call (esbuild wraps what is
  // require()d), so `require("@tapegrad/nn")` does not run the ONNX entry's onnx-proto.
  const contents = pkg.entries.map((e, i) => `export const entry${i} = () => require(${JSON.stringify(join(pkg.dir, e.source))});`).join("\n");
  const plugins = [await separateCompiledInDependencies(pkg, all, dist, common)];
  await build({ ...common, ...cjsMeta, plugins, stdin: { contents, resolveDir: pkg.dir, loader: "ts" }, format: "cjs", platform: "node", outfile: join(dist, "_entries.cjs") });
  pkg.entries.forEach((e, i) => writeFileSync(join(dist, `${e.name}.cjs`), `"use strict";\nmodule.exports = require("./_entries.cjs").entry${i}();\n`));
}

/**
 * The third-party dependencies of the packages compiled into this one (the umbrella's onnx-proto,
 * from nn), each as a CommonJS file of its own, dist/_deps/<name>.cjs; the plugin returned points
 * their imports there. Compiled into the one CommonJS module that holds every entry, a dependency
 * would be parsed by every `require("tapegrad")` (onnx-proto and protobufjs: ~250 KB); as a file
 * of its own it is read when the code that imports it first runs (tapegrad/onnx).
 */
async function separateCompiledInDependencies(pkg: WorkspacePackage, all: WorkspacePackage[], dist: string, common: BuildOptions): Promise<Plugin> {
  const files = new Map<string, string>();
  for (const q of bundledClosure(pkg, all)) {
    for (const dep of Object.keys(q.manifest.dependencies ?? {})) {
      if (dep.startsWith(WORKSPACE_SCOPE) || files.has(dep)) continue;
      const file = `_deps/${dep.replaceAll("/", "+")}.cjs`;
      files.set(dep, file);
      await build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(dep)});`, resolveDir: q.dir, loader: "js" }, format: "cjs", platform: "node", outfile: join(dist, file) });
    }
  }
  return {
    name: "separate-compiled-in-dependencies",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (files.has(args.path) ? { path: `./${files.get(args.path)}`, external: true } : undefined));
    },
  };
}

/** Worker modules a package starts by URL, relative to the code that starts them (source path in its package). */
const WORKER_MODULES: Record<string, string[]> = { "@tapegrad/kernels": ["src/threads/kernel-worker.ts"], "@tapegrad/nn": ["src/parallel/replica-worker.ts"] };

/**
 * Each worker module of the package or of a package compiled into it, as one self-contained ES
 * module (a worker has its own instances of everything anyway), in dist/ and dist/chunks/: the
 * code that starts it computes its URL from its own file, which may land in either.
 */
async function buildWorkers(pkg: WorkspacePackage, all: WorkspacePackage[], dist: string): Promise<void> {
  for (const owner of [pkg, ...bundledClosure(pkg, all)]) {
    for (const source of WORKER_MODULES[owner.manifest.name] ?? []) {
      const name = source.split("/").pop()!.replace(/\.ts$/, ".js");
      for (const dir of [dist, join(dist, "chunks")]) {
        await build({ entryPoints: [join(owner.dir, source)], bundle: true, format: "esm", platform: "neutral", mainFields: ["module", "main"], target: "es2022", external: ["node:*"], logLevel: "warning", outfile: join(dir, name) });
      }
    }
  }
}
