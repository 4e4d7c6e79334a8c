// A user outside the repository: `pnpm pack:all` writes the tarballs; a fresh project in the
// system's temp folder installs `tapegrad` ALONE with npm (offline: it must need nothing else),
// trains an LSTM from a plain .mjs, a .cjs and a strict TypeScript program compiled under every
// module resolution (nodenext, node16, bundler, node10; ESM and CommonJS; no skipLibCheck, no
// @types/node), proves the types are real by compiling a wrong program that must fail, and
// bundles for the browser. Third-party dependencies of the parts (nn's onnx-proto) are compiled
// into tapegrad too, so the offline install must succeed. @arethetypeswrong/cli checks every
// tarball; a second project installs the separate @tapegrad/* packages together. In both, the
// ONNX exporter is a subpath (tapegrad/onnx, @tapegrad/nn/onnx): the main entry neither imports
// onnx-proto/protobufjs (its ES module files) nor runs them (V8 coverage, ESM and CommonJS).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import vm from "node:vm";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packAll } from "../../scripts/pack-all.ts";
import { ROOT } from "../../scripts/packaging/workspace-packages.ts";
import { BROWSER_PROGRAM, onnxLoadProgram, separatePackagesProgram, trainingProgram, WRONG_PROGRAM, WRONG_PROGRAM_ERRORS } from "./consumer-programs.ts";

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "tapegrad-consumer-"));
const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
const attw = join(ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js");
// What a user's shell has: no NODE_OPTIONS or loaders from the test runner.
const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? work, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? work, ".npm") };
let tarballs: Record<string, string> = {};

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ProgramOutput {
  build: string;
  bptt?: string;
  first: number;
  last: number;
  onnx?: number[];
  loss?: number;
  grads?: boolean;
  onnxNote?: string;
  afterMain?: boolean;
  afterOnnx?: boolean;
}

async function node(cwd: string, file: string): Promise<ProgramOutput> {
  const { stdout } = await exec(process.execPath, [file], { cwd, env });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

/** npm install of tarballs; offline proves the install needs nothing but them. */
async function npmInstall(dir: string, files: string[], network: "offline" | "registry"): Promise<void> {
  await exec("npm", ["install", network === "offline" ? "--offline" : "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...files], { cwd: dir, env });
}

/** Runs tsc and returns its diagnostics ("file(line,col): error TSxxxx: ...") without throwing. */
async function typecheck(cwd: string): Promise<string[]> {
  try {
    await exec(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd, env });
    return [];
  } catch (err) {
    return ((err as { stdout?: string }).stdout ?? "").split("\n").filter((l) => /error TS\d+/.test(l));
  }
}

function project(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

const strict = { strict: true, skipLibCheck: false, target: "ES2022", lib: ["ES2022", "DOM"], types: [], outDir: "out", rootDir: "." };

/** Every setting a consumer may have; each gets the correct program(s) and the wrong one. */
const SETTINGS = [
  { name: "nodenext", compilerOptions: { module: "nodenext", moduleResolution: "nodenext" }, files: { "main.mts": "esm", "main.cts": "cjs" }, wrong: "wrong.mts", run: ["out/main.mjs", "out/main.cjs"], type: "module" },
  { name: "node16", compilerOptions: { module: "node16", moduleResolution: "node16" }, files: { "main.mts": "esm", "main.cts": "cjs" }, wrong: "wrong.mts", run: ["out/main.mjs", "out/main.cjs"], type: "module" },
  { name: "bundler", compilerOptions: { module: "esnext", moduleResolution: "bundler" }, files: { "main.ts": "esm" }, wrong: "wrong.ts", run: ["out/main.js"], type: "module" },
  { name: "node10", compilerOptions: { module: "commonjs", moduleResolution: "node10" }, files: { "main.ts": "cjs" }, wrong: "wrong.ts", run: ["out/main.js"], type: "commonjs" },
] as const;

function expectTrained(r: ProgramOutput): void {
  expect(r.build).toBe("simd");
  expect(Number.isFinite(r.first)).toBe(true);
  expect(r.last).toBeLessThan(r.first / 4);
  // A ModelProto starts with field 1 (ir_version, varint) = 8.
  expect(r.onnx).toEqual([8, 8]);
}

// A statement `import … from "x"`, `export … from "x"` or `import "x"` (esbuild writes one per line).
const STATIC_IMPORT = /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm;

/**
 * The files an ES module entry loads: itself and, recursively, every relative static import
 * (esbuild's shared chunks), with their bare imports and total size.
 */
function esmClosure(entry: string): { files: string[]; bare: string[]; bytes: number; text: string } {
  const files: string[] = [];
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const m of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".")) visit(join(dirname(file), spec));
      else bare.add(spec);
    }
  };
  visit(entry);
  const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
  return { files, bare: [...bare].sort(), bytes: Buffer.byteLength(text), text };
}

/** The main entry of an installed package loads no onnx-proto/protobufjs code; its ONNX subpath does. */
function expectOnnxOnlyInSubpath(pkgDir: string): void {
  for (const build of ["index.js", "index.browser.js"]) {
    const main = esmClosure(join(pkgDir, "dist", build));
    expect(main.bare.filter((b) => /onnx-proto|protobufjs/.test(b))).toEqual([]);
    expect(main.text).not.toMatch(/protobuf/);
  }
  const onnx = esmClosure(join(pkgDir, "dist", "onnx.js"));
  expect(`${onnx.bare.join(" ")} ${onnx.text}`).toMatch(/onnx-proto|protobufjs/);
}

// The steps mostly wait on child processes (tsc, node, npm, attw): run them side by side.
describe.concurrent("the tarballs, installed outside the repository", () => {
  beforeAll(async () => {
    tarballs = await packAll(join(work, "tarballs"));
  }, 240_000);

  it("pack:all writes one tarball per package, each with its LICENSE, and @arethetypeswrong finds no problem in any", async () => {
    expect(Object.keys(tarballs).sort()).toEqual(expect.arrayContaining(["@tapegrad/autograd", "@tapegrad/kernels", "@tapegrad/nn", "@tapegrad/bptt", "tapegrad"]));
    const reports = await Promise.all(Object.entries(tarballs).map(async ([name, file]) => {
      const { stdout: listing } = await exec("tar", ["-tzf", file]);
      const { stdout } = await exec(process.execPath, [attw, file, "--format", "json"], { env }).catch((e: { stdout: string }) => e);
      const report = JSON.parse(stdout) as { problems: Record<string, unknown> | unknown[]; analysis: { entrypoints: Record<string, unknown> } };
      return { name, license: listing.split("\n").includes("package/LICENSE"), problems: Object.values(report.problems), entrypoints: Object.keys(report.analysis.entrypoints) };
    }));
    for (const r of reports) expect({ name: r.name, license: r.license, problems: r.problems }).toEqual({ name: r.name, license: true, problems: [] });
    expect(reports.find((r) => r.name === "tapegrad")!.entrypoints).toEqual([".", "./bptt", "./onnx", "./package.json"]);
    expect(reports.find((r) => r.name === "@tapegrad/nn")!.entrypoints).toEqual([".", "./onnx", "./package.json"]);
  }, 240_000);

  describe("tapegrad alone", () => {
    const app = join(work, "app");
    beforeAll(async () => {
      project(app, { "package.json": JSON.stringify({ name: "app", private: true, type: "module" }) });
      await npmInstall(app, [tarballs.tapegrad], "offline");
    }, 240_000);

    it("trains an LSTM from a plain .mjs and a plain .cjs (no TypeScript, no loader)", async () => {
      project(app, { "train.mjs": trainingProgram("esm"), "train.cjs": trainingProgram("cjs") });
      const [esm, cjs] = await Promise.all([node(app, "train.mjs"), node(app, "train.cjs")]);
      expectTrained(esm);
      expect(esm.bptt).toBe("function");
      // The same seed, the same kernels: ESM and CommonJS builds train identically.
      expect(cjs).toEqual(esm);
    }, 240_000);

    it.each(SETTINGS)("strict TypeScript under $name resolution: the program compiles and trains, the wrong one fails on each mistake", async (s) => {
      const dir = join(app, s.name);
      const sources = Object.fromEntries(Object.entries(s.files).map(([file]) => [file, trainingProgram("ts")]));
      project(dir, {
        "package.json": JSON.stringify({ type: s.type }),
        "tsconfig.json": JSON.stringify({ compilerOptions: { ...strict, ...s.compilerOptions }, files: [...Object.keys(s.files), s.wrong] }),
        ...sources,
        [s.wrong]: WRONG_PROGRAM,
      });
      const errors = await typecheck(dir);
      const found = errors.map((line) => {
        const m = /^(\S+)\((\d+),\d+\): error (TS\d+)/.exec(line);
        return m ? { file: m[1], line: Number(m[2]), code: m[3] } : { file: line, line: 0, code: "" };
      });
      // Only the wrong program has errors, and exactly the planted ones.
      expect(found.filter((f) => f.file !== s.wrong)).toEqual([]);
      expect(found.map((f) => f.line).sort()).toEqual(Object.keys(WRONG_PROGRAM_ERRORS).map(Number));
      for (const f of found) expect(WRONG_PROGRAM_ERRORS[f.line]).toContain(f.code);
      const results = await Promise.all(s.run.map((file) => node(dir, file)));
      for (const r of results) {
        expectTrained(r);
        expect(r.bptt).toBe("function");
      }
    }, 240_000);

    it("tapegrad/onnx holds the ONNX exporter: importing or requiring tapegrad runs no protobuf code, the subpath does", async () => {
      expectOnnxOnlyInSubpath(join(app, "node_modules/tapegrad"));
      project(app, { "onnx-load.mjs": onnxLoadProgram("esm", "tapegrad", "tapegrad/onnx"), "onnx-load.cjs": onnxLoadProgram("cjs", "tapegrad", "tapegrad/onnx") });
      const runs = await Promise.all([node(app, "onnx-load.mjs"), node(app, "onnx-load.cjs")]);
      for (const r of runs) expect(r).toEqual({ afterMain: false, afterOnnx: true, onnx: [8, 8] });
    }, 240_000);

    it("bundles for the browser and trains in a page context without Node APIs", async () => {
      project(app, { "browser.mjs": BROWSER_PROGRAM });
      const result = await build({ entryPoints: [join(app, "browser.mjs")], absWorkingDir: app, bundle: true, platform: "browser", format: "iife", write: false, logLevel: "silent" });
      const code = result.outputFiles[0].text;
      expect(code).not.toMatch(/(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']node:/);
      const page = { console, atob, btoa, performance, TextEncoder, TextDecoder, queueMicrotask, setTimeout, clearTimeout, result: undefined as unknown };
      const context = vm.createContext(page);
      vm.runInContext(code, context);
      expect(vm.runInContext("typeof require + typeof process + typeof Buffer", context)).toBe("undefinedundefinedundefined");
      expectTrained(page.result as ProgramOutput);
    }, 240_000);
  });

  it("the separate @tapegrad/* packages install together, share one Tensor class, and type-check under nodenext", async () => {
    const dir = join(work, "separate");
    project(dir, {
      "package.json": JSON.stringify({ name: "separate", private: true, type: "module" }),
      "main.mjs": separatePackagesProgram("esm"),
      "main.cjs": separatePackagesProgram("cjs"),
      "main.mts": separatePackagesProgram("ts"),
      "tsconfig.json": JSON.stringify({ compilerOptions: { ...strict, module: "nodenext", moduleResolution: "nodenext", noEmit: true }, files: ["main.mts"] }),
      "onnx-load.mjs": onnxLoadProgram("esm", "@tapegrad/nn", "@tapegrad/nn/onnx"),
      "onnx-load.cjs": onnxLoadProgram("cjs", "@tapegrad/nn", "@tapegrad/nn/onnx"),
    });
    // The separate packages keep their third-party dependencies (nn: onnx-proto), which npm takes
    // from its cache or the registry, as for any user.
    await npmInstall(dir, ["@tapegrad/kernels", "@tapegrad/autograd", "@tapegrad/nn", "@tapegrad/bptt"].map((n) => tarballs[n]), "registry");
    expect(await typecheck(dir)).toEqual([]);
    const [esm, cjs] = await Promise.all([node(dir, "main.mjs"), node(dir, "main.cjs")]);
    expect(esm.build).toBe("simd");
    expect(esm.grads).toBe(true);
    expect(cjs.grads).toBe(true);
    expect([esm.onnxNote, cjs.onnxNote]).toEqual(["separate", "separate"]);
    // onnx-proto is a dependency of @tapegrad/nn, installed beside it, imported by the subpath only.
    const nnDir = join(dir, "node_modules/@tapegrad/nn");
    expect(JSON.parse(readFileSync(join(nnDir, "package.json"), "utf8")).dependencies["onnx-proto"]).toBeDefined();
    expectOnnxOnlyInSubpath(nnDir);
    const loads = await Promise.all([node(dir, "onnx-load.mjs"), node(dir, "onnx-load.cjs")]);
    for (const r of loads) expect(r).toEqual({ afterMain: false, afterOnnx: true, onnx: [8, 8] });
  }, 240_000);
});
