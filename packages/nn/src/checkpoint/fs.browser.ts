// The browser's stand-in for fs.ts: a web page has no file system, so the path-based checkpoint
// functions explain what to use instead rather than failing inside a bundler.
const why = "needs a file system (Node). In a browser, use checkpointBytes(module) / loadCheckpointBytes(module, bytes) and store the bytes yourself";

export function writeFileAtomic(path: string, _bytes?: Uint8Array, _where?: string): never {
  throw new Error(`writeFileAtomic(${path}): ${why}`);
}

export function readFileBytes(path: string, _where?: string): never {
  throw new Error(`reading ${path}: ${why}`);
}

/** Whether path-based functions work here. */
export const hasFileSystem = false;
