// Checkpoints in a browser's IndexedDB (what tfjs users know as `indexeddb://`): the same
// safetensors bytes as checkpointBytes/loadCheckpointBytes, stored under a key, so a model saved
// in a page loads in Node or PyTorch once downloaded, and a file loads into IndexedDB unchanged.
// Works in a page and in a Web Worker; throws a named error where there is no IndexedDB (Node).
import type { Module } from "../module";
import { type CheckpointOptions, checkpointBytes, loadCheckpointBytes } from "./file";
import { parseSafetensors } from "./safetensors";

/** Where checkpoints go: database "tapegrad", object store "checkpoints", one record per key. */
export const INDEXEDDB_DATABASE = "tapegrad";
const STORE = "checkpoints";

interface StoredCheckpoint {
  bytes: Uint8Array;
  savedAt: string;
}

function database(op: string): Promise<IDBDatabase> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) {
    return Promise.reject(new Error(`${op}: this environment has no IndexedDB (it exists in browser pages and workers); in Node use saveCheckpoint(module, path) / loadCheckpoint(module, path)`));
  }
  return new Promise((resolve, reject) => {
    const open = idb.open(INDEXEDDB_DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(new Error(`${op}: cannot open IndexedDB database "${INDEXEDDB_DATABASE}": ${open.error?.message ?? "unknown error"}`));
    open.onblocked = () => reject(new Error(`${op}: IndexedDB database "${INDEXEDDB_DATABASE}" is blocked by another open tab with an older version`));
  });
}

/** Runs one request in a transaction and resolves when the transaction has committed. */
async function transact<T>(op: string, mode: IDBTransactionMode, request: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database(op);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = request(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(new Error(`${op}: ${tx.error?.message ?? req.error?.message ?? "IndexedDB transaction failed"}`));
      tx.onabort = () => reject(new Error(`${op}: IndexedDB transaction aborted${tx.error ? `: ${tx.error.message}` : " (storage full?)"}`));
    });
  } finally {
    db.close();
  }
}

function checkKey(op: string, key: string): void {
  if (typeof key !== "string" || key.length === 0) throw new Error(`${op}: expected a non-empty string key, got ${JSON.stringify(key)}`);
}

/** Stores safetensors bytes under `key` (replacing what was there). */
export async function saveBytesToIndexedDB(key: string, bytes: Uint8Array): Promise<void> {
  checkKey("saveBytesToIndexedDB", key);
  parseSafetensors(bytes, `saveBytesToIndexedDB(${key})`); // refuse to store what could never load
  const record: StoredCheckpoint = { bytes: bytes.slice(), savedAt: new Date().toISOString() };
  await transact("saveBytesToIndexedDB", "readwrite", (store) => store.put(record, key));
}

/** The safetensors bytes stored under `key`; throws naming the key and the keys there are when it is absent. */
export async function loadBytesFromIndexedDB(key: string): Promise<Uint8Array> {
  checkKey("loadBytesFromIndexedDB", key);
  const record = await transact<StoredCheckpoint | undefined>("loadBytesFromIndexedDB", "readonly", (store) => store.get(key));
  if (!record) {
    const keys = await listIndexedDB();
    throw new Error(`loadBytesFromIndexedDB: no checkpoint under "${key}" in IndexedDB "${INDEXEDDB_DATABASE}"; stored: ${keys.length ? keys.map((k) => `"${k}"`).join(", ") : "none"}`);
  }
  return record.bytes;
}

/** Saves a module's parameters (and optional metadata) under `key`, as checkpointBytes would write them. */
export async function saveToIndexedDB(module: Module, key: string, opts: CheckpointOptions = {}): Promise<void> {
  await saveBytesToIndexedDB(key, checkpointBytes(module, opts));
}

/** Loads the checkpoint under `key` into a module (strict by default); returns the file's metadata. */
export async function loadFromIndexedDB(module: Module, key: string, opts: { strict?: boolean } = {}): Promise<{ metadata: Record<string, string> }> {
  const bytes = await loadBytesFromIndexedDB(key);
  loadCheckpointBytes(module, bytes, { ...opts, source: `indexeddb://${key}` });
  return { metadata: parseSafetensors(bytes, `indexeddb://${key}`).metadata };
}

/** The keys stored, sorted. */
export async function listIndexedDB(): Promise<string[]> {
  const keys = await transact("listIndexedDB", "readonly", (store) => store.getAllKeys());
  return keys.map(String).sort();
}

/** Removes the checkpoint under `key` (nothing happens when there is none). */
export async function deleteFromIndexedDB(key: string): Promise<void> {
  checkKey("deleteFromIndexedDB", key);
  await transact("deleteFromIndexedDB", "readwrite", (store) => store.delete(key));
}
