// Builds each package's publishable JavaScript: dist/index.js (ESM, one file per package, other
// @tapegrad packages left as imports) and, for packages whose source swaps files in browsers
// (package.json "browser" field), dist/index.browser.js. Type declarations go to dist/types/.
// Inside the workspace nothing uses dist/: packages resolve to their TypeScript sources; pnpm's
// publishConfig points the published package.json at dist/ instead.
//   node scripts/build-packages.mjs [--no-types]
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PACKAGES = ["kernels", "autograd", "nn", "bptt"];
const WORKERS = { nn: ["parallel/replica-worker"] };

export async function buildPackages({ types = true } = {}) {
  for (const name of PACKAGES) {
    const dir = join(root, "packages", name);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    rmSync(join(dir, "dist"), { recursive: true, force: true });
    const common = {
      entryPoints: [join(dir, "src/index.ts")],
      bundle: true,
      format: "esm",
      target: "es2022",
      external: ["@tapegrad/*", "node:*"],
      logLevel: "warning",
    };
    await build({ ...common, platform: "neutral", mainFields: ["module", "main"], outfile: join(dir, "dist/index.js") });
    if (manifest.browser) await build({ ...common, platform: "browser", outfile: join(dir, "dist/index.browser.js") });
    // Worker modules, started by URL next to dist/index.js (nn's DataParallel replicas).
    for (const worker of WORKERS[name] ?? []) {
      await build({ ...common, entryPoints: [join(dir, `src/${worker}.ts`)], platform: "neutral", mainFields: ["module", "main"], outfile: join(dir, `dist/${worker.split("/").pop()}.js`) });
    }
    if (types) {
      execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.build.json")], { stdio: "inherit" });
      if (!existsSync(join(dir, "dist/types/index.d.ts"))) throw new Error(`build-packages: ${name}: no declarations were written`);
    }
    console.log(`build-packages: ${name}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPackages({ types: !process.argv.includes("--no-types") });
}
