/**
 * The exported forecaster (`pnpm export:onnx`) in ONNX Runtime: the deployment path that needs no
 * tapegrad model code. The ONNX file carries the checkpoint's metadata in its metadata_props
 * (feature names, window length, normalisation statistics), read with readOnnxMetadata since
 * onnxruntime-node does not expose custom metadata.
 */
import { readFileSync } from "node:fs";
import { readOnnxMetadata } from "@tapegrad/nn/onnx";
import * as ort from "onnxruntime-node";
import { type CheckpointInfo, forecasterInfo } from "./model-checkpoint.ts";

/** The forecaster's settings from the file, and a function running the model on [batch, days, features]. */
export async function loadOnnxForecaster(path: string): Promise<{ info: CheckpointInfo; run: (x: Float32Array, shape: number[]) => Promise<Float32Array> }> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`onnx: cannot read ${path}: ${(err as Error).message}; write one with \`pnpm export:onnx\``);
  }
  const info = forecasterInfo(readOnnxMetadata(bytes), path);
  const session = await ort.InferenceSession.create(bytes);
  const run = async (x: Float32Array, shape: number[]) => (await session.run({ input: new ort.Tensor("float32", x, shape) })).output.data as Float32Array;
  return { info, run };
}
