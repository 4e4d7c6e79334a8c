// File I/O for checkpoints, in Node. Browser bundles get fs.browser.ts instead (package.json
// "browser" field), so importing @tapegrad/nn never drags node:fs into a web page.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";

/** Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const fd = openSync(tmp, "w");
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Whether path-based functions work here (false in the browser build). */
export const hasFileSystem = true;

export function readFileBytes(path: string): Uint8Array {
  return readFileSync(path);
}
