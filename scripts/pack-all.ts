/**
 * `pnpm pack:all`: builds every package and writes its tarball into one folder (default
 * dist/tarballs/), ready for `npm install ./dist/tarballs/tapegrad-0.1.0.tgz` in any project.
 * pnpm pack applies each package's publishConfig (dist/ instead of the TypeScript sources) and
 * replaces workspace: ranges with versions.
 */
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildPackages } from "./build-packages.ts";
import { runCommand } from "./command-line.ts";
import { ROOT } from "./packaging/workspace-packages.ts";

const run = promisify(execFile);

/** Builds and packs every workspace package into outDir; returns { package name: tarball path }. */
export async function packAll(outDir: string, opts: { log?: (line: string) => void } = {}): Promise<Record<string, string>> {
  const packages = await buildPackages({ log: opts.log });
  mkdirSync(outDir, { recursive: true });
  const tarballs: Record<string, string> = {};
  for (const pkg of packages) {
    const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", outDir], { cwd: pkg.dir });
    const { filename } = JSON.parse(stdout) as { filename: string };
    tarballs[pkg.manifest.name] = resolve(outDir, filename);
  }
  return tarballs;
}

const COMMAND = {
  command: "pnpm pack:all",
  description: "Builds every package and writes all the tarballs into one folder.",
  flags: { out: { type: "string", default: "dist/tarballs", value: "DIR", description: "where the tarballs go" } },
} as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runCommand(COMMAND, async ({ out }) => {
    const tarballs = await packAll(resolve(process.env.INIT_CWD ?? ROOT, out), { log: (line) => console.log(`  ${line}`) });
    for (const file of Object.values(tarballs)) console.log(file);
    console.log(`\ninstall the whole framework with: npm install ${join(out, "tapegrad-0.1.0.tgz")}`);
  });
}
