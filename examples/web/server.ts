/**
 * `pnpm web`: builds the playground and serves it on 127.0.0.1 with the cross-origin isolation
 * headers (COOP same-origin + COEP require-corp) that browsers require before they give a page
 * SharedArrayBuffer, and so threads. `--no-isolation` serves without them (the one-thread
 * fallback); `--port N` (default 8417; 0 picks a free one); `--no-build` serves dist/ as it is.
 */
import { readFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type FlagValues, integerFlag, runCommand } from "../../scripts/command-line.ts";
import { DIST_DIR, WEB_DIR, buildPlayground } from "./build.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".safetensors": "application/octet-stream",
};

/** The isolation headers; without them `crossOriginIsolated` is false and SharedArrayBuffer absent. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

export interface PlaygroundServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves static/ and dist/ (in that order) on 127.0.0.1. */
export async function startPlaygroundServer(opts: { port?: number; isolation?: boolean } = {}): Promise<PlaygroundServer> {
  const roots = [join(WEB_DIR, "static"), DIST_DIR];
  const server = createServer(async (req, res) => {
    const headers: Record<string, string> = { "Cache-Control": "no-store", ...(opts.isolation === false ? {} : ISOLATION_HEADERS) };
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const relative = normalize(urlPath === "/" ? "index.html" : urlPath.slice(1));
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
      return;
    }
    if (relative.startsWith("..") || relative.includes(`${sep}..`)) {
      res.writeHead(400, headers).end("bad path");
      return;
    }
    for (const root of roots) {
      try {
        const body = await readFile(join(root, relative));
        res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(relative)] ?? "application/octet-stream" });
        res.end(req.method === "HEAD" ? undefined : body);
        return;
      } catch {
        // not in this root; try the next
      }
    }
    res.writeHead(404, { ...headers, "Content-Type": "text/plain" }).end(`not found: ${urlPath}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`web: port ${opts.port} is in use; pass --port N (0 picks a free port)`) : err),
    );
    server.listen(opts.port ?? 8417, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const COMMAND = {
  command: "pnpm web",
  description: "Builds the web playground (esbuild) and serves it on 127.0.0.1 with cross-origin isolation headers; prints the URL.",
  flags: {
    port: { type: "string", default: "8417", value: "N", description: "port to listen on (0 picks a free one)" },
    "no-isolation": { type: "boolean", default: false, description: "serve without COOP/COEP: no SharedArrayBuffer, one thread (the fallback)" },
    "no-build": { type: "boolean", default: false, description: "serve dist/ as last built" },
  },
} as const;

async function main(values: FlagValues<typeof COMMAND.flags>): Promise<void> {
  const port = integerFlag("port", values.port, 0);
  if (!values["no-build"]) {
    const started = performance.now();
    const bytes = await buildPlayground();
    console.log(`built ${DIST_DIR} (${(bytes / 1024).toFixed(0)} KiB incl. source maps) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const { url } = await startPlaygroundServer({ port, isolation: !values["no-isolation"] });
  console.log(`tapegrad playground: ${url}${values["no-isolation"] ? "  (no cross-origin isolation: one thread)" : "  (cross-origin isolated)"}`);
  console.log("Ctrl+C stops it");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCommand(COMMAND, main);
