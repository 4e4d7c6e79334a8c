// Loading a model without knowing its code: the checkpoint's model description says what to
// build (moduleFromSpec), then the weights are loaded into it strictly.
import { loadCheckpointBytes } from "../checkpoint/file";
import { readFileBytes } from "../checkpoint/fs";
import { parseSafetensors } from "../checkpoint/safetensors";
import { PARAM_OPTIONS, type ParamOptions } from "../init";
import { checkOptions } from "@tapegrad/autograd";
import type { Module } from "../module";
import { moduleFromSpec } from "./registry";
import { MODEL_METADATA_KEY, parseModelDescription } from "./spec";

/** A rebuilt model and the checkpoint's other metadata. */
export interface LoadedModel {
  model: Module;
  metadata: Record<string, string>;
}

/** Rebuilds the model a checkpoint's bytes describe and loads its weights (in eval mode). */
export function loadModelBytes(bytes: Uint8Array, options: ParamOptions & { source?: string } = {}): LoadedModel {
  const { source = "checkpoint", ...opts } = checkOptions("loadModel", options, { ...PARAM_OPTIONS, source: "string" });
  const { metadata } = parseSafetensors(bytes, source);
  const text = metadata[MODEL_METADATA_KEY];
  if (text === undefined) {
    throw new Error(`loadModel: ${source} has no __metadata__["${MODEL_METADATA_KEY}"] describing the model (saved by an older tapegrad or another tool?); build the module in code and use loadCheckpoint(module, path)`);
  }
  const model = moduleFromSpec(parseModelDescription(text, source), opts);
  loadCheckpointBytes(model, bytes, { source });
  return { model: model.eval(), metadata };
}

/** Rebuilds the model a checkpoint file describes and loads its weights (Node; in eval mode). */
export function loadModel(path: string, opts: ParamOptions = {}): LoadedModel {
  return loadModelBytes(readFileBytes(path, "loadModel"), { ...checkOptions("loadModel", opts, PARAM_OPTIONS), source: path });
}
