// File I/O for checkpoints, in Node. Browser bundles get fs.browser.ts instead (package.json
// "browser" field), so importing @tapegrad/nn never drags node:fs into a web page.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

// Temporary files are named `<file>.tmp-<host>-<pid>-<random>`: a writer killed mid-save leaves
// one behind, and the next save to the same path removes those whose writer (same host, pid no
// longer running) is dead. A live writer's file is never touched; a pid reused by an unrelated
// live process only delays the clean-up.
const HOST = hostname().replace(/[^A-Za-z0-9]/g, "") || "host";

/** Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed. */
export function writeFileAtomic(path: string, bytes: Uint8Array, where = "writeFileAtomic"): void {
  removeStaleTemporaries(path);
  const tmp = `${path}.tmp-${HOST}-${process.pid}-${Math.random().toString(36).slice(2)}`;
  let fd: number;
  try {
    fd = openSync(tmp, "w");
  } catch (e) {
    throw fileError(where, "cannot save to", path, e);
  }
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw fileError(where, "cannot save to", path, e);
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw fileError(where, "cannot save to", path, e);
  }
}

/** Whether path-based functions work here (false in the browser build). */
export const hasFileSystem = true;

/** The bytes of `path`, or an Error naming `where` and the path as given. */
export function readFileBytes(path: string, where = "readFile"): Uint8Array {
  if (typeof path !== "string") throw new Error(`${where}: path must be a string, got ${path === null ? "null" : typeof path}`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(where, "cannot read", path, e);
  }
}

/** Deletes leftovers of writers of `path` on this host whose process is gone. */
export function removeStaleTemporaries(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.tmp-${HOST}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // a missing folder is reported by the write itself
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Another writer removed it first, or it cannot be removed: leave it.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function fileError(where: string, doing: string, path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT" ? (doing === "cannot read" ? "no such file" : `the folder ${dirname(path)} does not exist`)
    : code === "EISDIR" ? "it is a directory, not a file"
    : code === "EACCES" || code === "EPERM" ? "permission denied"
    : code === "ENOTDIR" ? "a part of the path is not a folder"
    : code === "ENOSPC" ? "no space left on the device"
    : (e as Error).message;
  return new Error(`${where}: ${doing} ${path}: ${why}`);
}
