/**
 * `pnpm build:packages`: the publishable form of every workspace package — dist/ with ESM, CommonJS
 * and (where files are swapped) browser JavaScript, and .d.ts/.d.cts declarations — and a check
 * that each package.json publishes exactly those files (publishConfig). Inside the workspace
 * nothing uses dist/: the packages resolve to their TypeScript sources; pnpm pack applies
 * publishConfig, so the tarballs point at dist/.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./command-line.ts";
import { buildDeclarations } from "./packaging/build-declarations.ts";
import { buildJavaScript } from "./packaging/build-javascript.ts";
import { expectedPublishConfig, type WorkspacePackage, workspacePackages } from "./packaging/workspace-packages.ts";

/** Builds every package's dist/; returns the packages built. `log` gets one line per package. */
export async function buildPackages(opts: { types?: boolean; writeManifests?: boolean; log?: (line: string) => void } = {}): Promise<WorkspacePackage[]> {
  let all = workspacePackages();
  if (opts.writeManifests) {
    for (const pkg of all) writeManifest(pkg, expectedPublishConfig(pkg, all));
    all = workspacePackages();
  }
  checkManifests(all);
  for (const pkg of all) {
    rmSync(`${pkg.dir}/dist`, { recursive: true, force: true });
    await buildJavaScript(pkg, all);
  }
  if (opts.types !== false) buildDeclarations(all);
  for (const pkg of all) opts.log?.(`${pkg.manifest.name}: ${pkg.entries.map((e) => e.subpath).join(", ")}${pkg.bundled.length ? ` (bundles ${pkg.bundled.join(", ")})` : ""}`);
  return all;
}

/** Every package publishes dist/ through the publishConfig its entries call for, and its LICENSE. */
export function checkManifests(all: WorkspacePackage[]): void {
  const problems: string[] = [];
  for (const pkg of all) {
    const want = expectedPublishConfig(pkg, all);
    const have = pkg.manifest.publishConfig ?? {};
    if (JSON.stringify(have) !== JSON.stringify(want)) {
      problems.push(`${pkg.manifest.name}: package.json "publishConfig" must be\n${JSON.stringify(want, null, 2)}\n(pnpm build:packages -- --write-manifests writes it)`);
    }
    if (!pkg.manifest.files?.includes("dist")) problems.push(`${pkg.manifest.name}: package.json "files" must include "dist"`);
  }
  if (problems.length) throw new Error(`build-packages: ${problems.join("\n\n")}`);
}

/** Rewrites package.json with the given publishConfig, keeping its other fields and their order. */
function writeManifest(pkg: WorkspacePackage, publishConfig: Record<string, unknown>): void {
  const file = join(pkg.dir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  manifest.publishConfig = publishConfig;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

const COMMAND = {
  command: "pnpm build:packages",
  description: "Builds every package's publishable dist/ (ESM, CommonJS, browser, declarations).",
  flags: {
    "no-types": { type: "boolean", default: false, description: "skip the declarations (faster; JavaScript only)" },
    "write-manifests": { type: "boolean", default: false, description: "first write each package.json's publishConfig from its exports" },
  },
} as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runCommand(COMMAND, async (values) => {
    const started = performance.now();
    await buildPackages({ types: !values["no-types"], writeManifests: values["write-manifests"], log: (line) => console.log(`  ${line}`) });
    console.log(`built ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
}
