/**
 * Bundles the playground with esbuild: the page script and the training worker into
 * examples/web/dist/, with the data the panels need inlined from installed npm packages
 * (`bundled:NAME` imports), so the page fetches nothing but its own files.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Plugin, build } from "esbuild";
import { vegaDatasetPath } from "../weather/dataset-path.ts";

const require = createRequire(import.meta.url);

export const WEB_DIR = fileURLToPath(new URL(".", import.meta.url));
export const DIST_DIR = join(WEB_DIR, "dist");

const BUNDLED: Record<string, () => string> = {
  "seattle-weather.csv": () => vegaDatasetPath("seattle-weather.csv"),
};

/** `import text from "bundled:seattle-weather.csv"` → the file's text, read at build time. */
const bundledData: Plugin = {
  name: "bundled-data",
  setup(b) {
    b.onResolve({ filter: /^bundled:/ }, (args) => {
      const name = args.path.slice("bundled:".length);
      const locate = BUNDLED[name];
      if (!locate) return { errors: [{ text: `bundled:${name}: unknown data file; known: ${Object.keys(BUNDLED).join(", ")}` }] };
      return { path: locate(), namespace: "bundled" };
    });
    b.onLoad({ filter: /.*/, namespace: "bundled" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
    // csv-parse's ESM entry uses Node's Buffer; its dist/esm build carries a browser polyfill.
    b.onResolve({ filter: /^csv-parse\/sync$/ }, () => ({ path: join(dirname(require.resolve("csv-parse/sync")), "../esm/sync.js") }));
  },
};

/** Builds page.js and worker.js into dist/; returns the output size in bytes. */
export async function buildPlayground(opts: { minify?: boolean } = {}): Promise<number> {
  const result = await build({
    entryPoints: {
      page: join(WEB_DIR, "page/main.ts"),
      worker: join(WEB_DIR, "worker/worker.ts"),
      // The kernel threads' script: @tapegrad/kernels starts it from new URL("./kernel-worker.js", import.meta.url).
      "kernel-worker": join(WEB_DIR, "../../packages/kernels/src/threads/kernel-worker.ts"),
      // DataParallel's replicas (the layer benchmark's trainer uses it): new URL("./replica-worker.js", import.meta.url).
      "replica-worker": join(WEB_DIR, "../../packages/nn/src/parallel/replica-worker.ts"),
      // A replica worker that knows the playground's own module type (DataParallel's workerUrl).
      "scale-replica-worker": join(WEB_DIR, "worker/scale-replica-worker.ts"),
    },
    outdir: DIST_DIR,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: true,
    minify: opts.minify ?? true,
    // The library names modules in its errors (constructor.name), which minification would mangle.
    keepNames: true,
    metafile: true,
    logLevel: "warning",
    plugins: [bundledData],
  });
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
}
