/**
 * The saved forecaster as an ONNX model, for ONNX Runtime or any engine that reads ONNX:
 * `pnpm export:onnx -- [--checkpoint FILE] [--out FILE]`. Input "input" [batch, days, features]
 * (batch and days dynamic; features normalised with the statistics in the metadata), output
 * "output" [batch]: tomorrow's normalised temp_max. The checkpoint's metadata (feature names,
 * window length, standardizer) goes into the ONNX file's metadata_props, so the file is complete.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { parseSafetensors } from "@tapegrad/nn";
import { exportOnnxFile } from "@tapegrad/nn/onnx";
import { runCommand } from "../../scripts/command-line.ts";
import { DEFAULT_CHECKPOINT } from "./forecast.ts";
import { loadForecasterCheckpoint } from "./model-checkpoint-file.ts";

/** Writes the checkpoint's model to `out` as ONNX; returns the input shape it was exported with. */
export function exportForecasterOnnx(checkpoint: string, out: string): number[] {
  const { model, info } = loadForecasterCheckpoint(checkpoint);
  const { metadata } = parseSafetensors(readFileSync(checkpoint), checkpoint);
  const { "tapegrad.model": _description, ...rest } = metadata;
  const inputShape = [1, info.windowLength, info.featureNames.length];
  exportOnnxFile(model, out, { inputShape, dynamicAxes: { 0: "batch", 1: "days" }, metadata: rest });
  return inputShape;
}

const COMMAND = {
  command: "pnpm export:onnx",
  description: "Exports a forecaster saved by `pnpm start` as an ONNX model (batch and days dynamic; normalisation statistics in its metadata_props).",
  flags: {
    checkpoint: { type: "string", value: "FILE", description: "the saved model (default examples/weather/out/forecaster.safetensors)" },
    out: { type: "string", value: "FILE", description: "the ONNX file to write (default examples/weather/out/forecaster.onnx)" },
  },
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runCommand(COMMAND, (values) => {
    const checkpoint = values.checkpoint ?? DEFAULT_CHECKPOINT;
    const out = values.out ?? join(fileURLToPath(new URL(".", import.meta.url)), "out", "forecaster.onnx");
    const shape = exportForecasterOnnx(checkpoint, out);
    console.log(`wrote ${out} (input "input" [batch, days, ${shape[2]}], output "output" [batch]; normalisation statistics in its metadata_props)`);
  });
}
