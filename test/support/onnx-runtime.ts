// Running an exported model in ONNX Runtime (onnxruntime-node, CPU) from a test.
import * as ort from "onnxruntime-node";

export interface Feed {
  data: Float32Array | BigInt64Array | Int32Array;
  dims: number[];
}

/** Runs `model` (bytes) on the feeds; returns every output as float data with its dims. */
export async function runOnnx(model: Uint8Array, feeds: Record<string, Feed>): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
  const session = await ort.InferenceSession.create(model);
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, f] of Object.entries(feeds)) {
    const type = f.data instanceof Float32Array ? "float32" : f.data instanceof Int32Array ? "int32" : "int64";
    inputs[name] = new ort.Tensor(type, f.data, f.dims);
  }
  const out = await session.run(inputs);
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { data: t.data as Float32Array, dims: [...t.dims] }]));
}
