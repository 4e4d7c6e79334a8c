/**
 * What the packaging scripts know about the workspace's packages: found by listing packages/*,
 * their entry points read from the workspace `exports` map (subpath → TypeScript source), and the
 * published manifest each must declare (publishConfig), derived from those entries so a new
 * package or subpath needs no change here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const WORKSPACE_SCOPE = "@tapegrad/";

export interface Manifest {
  name: string;
  version: string;
  exports?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  browser?: Record<string, string>;
  files?: string[];
  publishConfig?: Record<string, unknown>;
}

/** One entry point: `tapegrad/bptt` is subpath "./bptt", source "./src/bptt.ts", output name "bptt". */
export interface Entry {
  subpath: string;
  source: string;
  name: string;
}

export interface WorkspacePackage {
  /** Folder name under packages/. */
  folder: string;
  dir: string;
  manifest: Manifest;
  entries: Entry[];
  /**
   * Workspace packages this one imports but does not depend on at run time: they are compiled
   * into its JavaScript and their declarations copied into its dist/ (the umbrella `tapegrad`).
   */
  bundled: string[];
}

/** Every folder of packages/ with a package.json, dependencies before their dependents. */
export function workspacePackages(): WorkspacePackage[] {
  const found = readdirSync(join(ROOT, "packages"))
    .filter((folder) => existsSync(join(ROOT, "packages", folder, "package.json")))
    .map((folder) => readPackage(folder));
  const byName = new Map(found.map((p) => [p.manifest.name, p]));
  const ordered: WorkspacePackage[] = [];
  const visit = (p: WorkspacePackage, path: string[]) => {
    if (ordered.includes(p)) return;
    if (path.includes(p.manifest.name)) throw new Error(`packaging: dependency cycle ${[...path, p.manifest.name].join(" → ")}`);
    for (const dep of workspaceImports(p.manifest)) {
      const q = byName.get(dep);
      if (q) visit(q, [...path, p.manifest.name]);
    }
    ordered.push(p);
  };
  for (const p of found) visit(p, []);
  return ordered;
}

function readPackage(folder: string): WorkspacePackage {
  const dir = join(ROOT, "packages", folder);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
  const exportsMap = manifest.exports ?? { ".": "./src/index.ts" };
  const entries = Object.entries(exportsMap).map(([subpath, source]) => {
    if (typeof source !== "string" || !/^\.\/src\/.+\.ts$/.test(source)) {
      throw new Error(`packaging: ${manifest.name}: exports["${subpath}"] must name a TypeScript source under ./src, got ${JSON.stringify(source)}`);
    }
    return { subpath, source, name: subpath === "." ? "index" : subpath.replace(/^\.\//, "").replaceAll("/", "-") };
  });
  const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
  const bundled = workspaceImports(manifest).filter((d) => !runtime.has(d));
  return { folder, dir, manifest, entries, bundled };
}

/** The workspace packages a manifest links (dependencies and devDependencies alike). */
function workspaceImports(manifest: Manifest): string[] {
  const all = { ...manifest.devDependencies, ...manifest.dependencies };
  return Object.entries(all)
    .filter(([name, spec]) => name.startsWith(WORKSPACE_SCOPE) && spec.startsWith("workspace:"))
    .map(([name]) => name);
}

/** The closure of bundled workspace packages (a bundled package's own workspace dependencies too). */
export function bundledClosure(pkg: WorkspacePackage, all: WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(all.map((p) => [p.manifest.name, p]));
  const out: WorkspacePackage[] = [];
  const add = (name: string) => {
    const q = byName.get(name);
    if (!q || out.includes(q)) return;
    out.push(q);
    for (const d of Object.keys(q.manifest.dependencies ?? {})) if (d.startsWith(WORKSPACE_SCOPE)) add(d);
  };
  for (const name of pkg.bundled) add(name);
  return out;
}

/** Whether the package (or anything compiled into it) swaps files for browsers. */
export function hasBrowserVariant(pkg: WorkspacePackage, all: WorkspacePackage[]): boolean {
  return pkg.manifest.browser !== undefined || bundledClosure(pkg, all).some((q) => q.manifest.browser !== undefined);
}

/**
 * The publishConfig a package must carry: per entry, ESM (`import`: .js + .d.ts, and a browser
 * build where files are swapped) and CommonJS (`require`: .cjs + .d.cts); `main`/`types` and
 * `typesVersions` for resolvers that predate `exports` (node10).
 */
export function expectedPublishConfig(pkg: WorkspacePackage, all: WorkspacePackage[]): Record<string, unknown> {
  const browser = hasBrowserVariant(pkg, all);
  const exportsMap: Record<string, unknown> = {};
  for (const e of pkg.entries) {
    exportsMap[e.subpath] = {
      import: { types: `./dist/${e.name}.d.ts`, ...(browser ? { browser: `./dist/${e.name}.browser.js` } : {}), default: `./dist/${e.name}.js` },
      require: { types: `./dist/${e.name}.d.cts`, default: `./dist/${e.name}.cjs` },
    };
  }
  exportsMap["./package.json"] = "./package.json";
  const subpaths = pkg.entries.filter((e) => e.subpath !== ".");
  return {
    main: "./dist/index.cjs",
    module: "./dist/index.js",
    types: "./dist/index.d.cts",
    exports: exportsMap,
    ...(subpaths.length ? { typesVersions: { "*": Object.fromEntries(subpaths.map((e) => [e.subpath.slice(2), [`./dist/${e.name}.d.cts`]])) } } : {}),
  };
}
