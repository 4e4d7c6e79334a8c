// DataParallel's side in a worker thread: it rebuilds the model from its description, and for each
// step loads the current parameters, runs its shard (shard-step.ts) on its own kernels, and sends
// the gradients back. replica-worker.ts is the worker nn starts; a worker script of the
// application's own (DataParallel's workerUrl) registers its module types, then calls serveReplicas().
import { getBackend, serveRequests, tensor, type BackendName, type Reply } from "@tapegrad/autograd";
import type { TensorModule } from "../layers/sequential";
import { moduleFromSpec } from "../model/registry";
import type { ModuleSpec } from "../model/spec";
import { shardStep, type ShardLoss } from "./shard-step";

export interface InitMessage {
  kind: "init";
  spec: ModuleSpec;
  backend: BackendName;
  loss: ShardLoss;
  /** Modules to import first (they register the model's own module types). */
  imports: string[];
}

export interface Batch {
  data: Float32Array | Float64Array;
  shape: number[];
}

export interface StepMessage {
  kind: "step";
  /** Every parameter's values, concatenated in model.parameters() order. */
  params: Float32Array | Float64Array;
  x: Batch;
  y: Batch;
  share: number;
}

export interface StepResult {
  loss: number;
  /** Every parameter's gradient of share · loss, concatenated like params. */
  grads: Float32Array | Float64Array;
  /** WebAssembly memory of this worker's kernels, bytes (flat after warm-up). */
  memoryBytes: number;
}

let model: TensorModule | null = null;
let loss: ShardLoss = "mse";
let backend: BackendName = "wasm";

async function handle(message: unknown): Promise<Reply> {
  const m = message as InitMessage | StepMessage;
  if (m.kind === "init") {
    for (const url of m.imports) await import(url);
    backend = m.backend;
    loss = m.loss;
    try {
      model = moduleFromSpec(m.spec, { backend }) as TensorModule;
    } catch (e) {
      const message = (e as Error).message;
      if (!message.includes("unknown module type")) throw e;
      throw new Error(`${message}; in DataParallel's workers, register it in a module listed in the "imports" option, or in a worker script of your own that calls serveReplicas() (the "workerUrl" option: needed where a bundler gives the workers a copy of nn of their own)`);
    }
    return { result: null };
  }
  if (model === null) throw new Error("DataParallel worker: a step came before init");
  const params = model.parameters();
  let at = 0;
  for (const p of params) {
    const values = tensor(m.params.subarray(at, at + p.size), { shape: [...p.shape], backend });
    p.copy_(values);
    values.dispose();
    at += p.size;
  }
  const x = tensor(m.x.data, { shape: m.x.shape, backend });
  const y = tensor(m.y.data, { shape: m.y.shape, backend });
  for (const p of params) p.grad = null;
  const value = shardStep(model, loss, x, y, m.share);
  x.dispose();
  y.dispose();
  const grads = backend === "wasm" ? new Float32Array(at) : new Float64Array(at);
  at = 0;
  for (const p of params) {
    if (p.grad) grads.set(p.grad.data(), at);
    p.grad?.dispose();
    p.grad = null;
    at += p.size;
  }
  const result: StepResult = { loss: value, grads, memoryBytes: getBackend(backend).stats().memoryBytes };
  return { result, transfer: [grads.buffer] };
}

/**
 * Makes this worker thread a DataParallel replica: answers the init and step requests of the
 * DataParallel that started it. Call it in a worker script of your own (DataParallel's `workerUrl`)
 * after registering your module types, so they share this copy of nn.
 */
export function serveReplicas(): void {
  serveRequests(handle);
}
