// Outside a browser the IndexedDB checkpoint API explains itself instead of failing on a missing
// global (the round trip itself is tested in Chromium: test/browser/playground-runtime.test.ts).
import { Generator } from "@tapegrad/autograd";
import { LSTM, listIndexedDB, loadFromIndexedDB, saveBytesToIndexedDB, saveToIndexedDB } from "../src/index";
import { describe, expect, it } from "vitest";

describe("IndexedDB checkpoints in Node", () => {
  const lstm = new LSTM(2, 3, { generator: new Generator(0) });
  it("rejects with a named error that points to the file API", async () => {
    await expect(saveToIndexedDB(lstm, "m")).rejects.toThrow("saveBytesToIndexedDB: this environment has no IndexedDB (it exists in browser pages and workers); in Node use saveCheckpoint(module, path) / loadCheckpoint(module, path)");
    await expect(loadFromIndexedDB(lstm, "m")).rejects.toThrow(/^loadBytesFromIndexedDB: this environment has no IndexedDB/);
    await expect(listIndexedDB()).rejects.toThrow(/^listIndexedDB: this environment has no IndexedDB/);
  });
  it("checks the key and refuses bytes that are not a checkpoint before touching storage", async () => {
    await expect(saveToIndexedDB(lstm, "")).rejects.toThrow('saveBytesToIndexedDB: expected a non-empty string key, got ""');
    await expect(saveBytesToIndexedDB("k", new Uint8Array(3))).rejects.toThrow(/^safetensors: saveBytesToIndexedDB\(k\): /);
  });
});
