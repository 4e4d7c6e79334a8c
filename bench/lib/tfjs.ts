// Loads TensorFlow.js with its WebAssembly backend as the yardstick. Both packages are required
// through the backend's own resolution, so the backend registers into the very tfjs-core instance
// the benchmark calls (pnpm does not hoist tfjs-core to the root).
import { createRequire } from "node:module";
import { dirname } from "node:path";

/** The slice of the tfjs-core API the benchmark uses. */
export interface TfTensor {
  dispose(): void;
  dataSync(): Float32Array;
}
export interface Tf {
  tensor(values: Float32Array, shape: number[]): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  tanh(x: TfTensor): TfTensor;
  sigmoid(x: TfTensor): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  env(): { set(flag: string, value: unknown): void };
  memory(): { numTensors: number };
}

/** tfjs-core with the wasm backend active (one thread: Node has no SharedArrayBuffer workers here). */
export async function loadTfjsWasm(): Promise<Tf> {
  const require = createRequire(import.meta.url);
  const backendEntry = require.resolve("@tensorflow/tfjs-backend-wasm");
  const fromBackend = createRequire(backendEntry);
  const tf = fromBackend("@tensorflow/tfjs-core") as Tf & { setWasmPaths?: unknown };
  const wasm = fromBackend(backendEntry) as { setWasmPaths(prefix: string): void };
  // The .wasm files sit beside the entry point in dist/; the prefix must end with a separator.
  wasm.setWasmPaths(`${dirname(backendEntry)}/`);
  if (!(await tf.setBackend("wasm"))) throw new Error("bench: tfjs could not start its wasm backend");
  return tf;
}
