// Backend registry: tensors name their backend; ops only ever see the Backend interface.
import type { Backend, BackendName } from "./backend";
import { jsBackend } from "./js";
import { createWasmBackend } from "./wasm";

let wasm: Backend | null = null;
let defaultName: BackendName = "wasm";

/** The backend called `name` (the wasm one is created on first use). */
export function getBackend(name: BackendName = defaultName): Backend {
  if (name === "wasm") return (wasm ??= createWasmBackend());
  if (name === "js") return jsBackend;
  throw new Error(`getBackend: unknown backend '${String(name)}'; expected 'wasm' or 'js'`);
}

/** Sets the backend that creation functions use when no `backend` option is given. */
export function setDefaultBackend(name: BackendName): void {
  getBackend(name);
  defaultName = name;
}

export function getDefaultBackend(): BackendName {
  return defaultName;
}

export type { Backend, BackendName, DType, Store, Operand, IndexStore } from "./backend";
