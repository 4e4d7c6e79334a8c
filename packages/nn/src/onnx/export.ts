// exportOnnx: a model of supported modules as an ONNX model (bytes), for ONNX Runtime and every
// other engine that reads ONNX. The module tree is walked, not traced: recurrent layers become
// ONNX's own RNN/LSTM/GRU operators, so batch and sequence lengths stay dynamic.
import { Sequential } from "../layers/sequential";
import { Embedding } from "../layers/embedding";
import { hasFileSystem, writeFileAtomic } from "../checkpoint/fs";
import { MODEL_METADATA_KEY, modelDescriptionJson } from "../model/spec";
import type { Module } from "../module";
import { checkOptions, type OptionSpec } from "@tapegrad/autograd";
import { RNNBase } from "../rnn/base";
import { GraphBuilder, type Value } from "./graph";
import { emitModule, emitterFor } from "./modules";
import type { Dim, ValueSpec } from "./proto";
import { decodeMetadata, encodeModel } from "./proto";
import { emitRecurrent } from "./recurrent";

export interface OnnxExportOptions {
  /** The input's shape, e.g. [1, 14, 6]: sizes of fixed axes, placeholders for dynamic ones. */
  inputShape: readonly number[];
  /**
   * Axes whose size varies at run time, by index, with a name: { 0: "batch", 1: "sequence" }.
   * Default: the batch and sequence axes when the model starts with a recurrent layer (after an
   * optional Embedding), else axis 0 as "batch".
   */
  dynamicAxes?: Record<number, string>;
  /** A recurrent layer exported on its own: add an int32 graph input "lengths" [batch] (ONNX sequence_lens). */
  lengths?: boolean;
  /** A recurrent layer exported on its own: add graph inputs "h0" (and "c0" for LSTM) [layers·D, batch, hidden]. */
  initialState?: boolean;
  /** ONNX operator set (default 14; 14 and 15 are supported). */
  opset?: number;
  /** String pairs for the model's metadata_props (e.g. normalisation statistics); the model description is added as "tapegrad.model". */
  metadata?: Record<string, string>;
}

const PRODUCER_VERSION = "0.1.0";

const OPTIONS: OptionSpec<OnnxExportOptions> = {
  inputShape: (v) => (Array.isArray(v) && v.length > 0 && v.every((d) => Number.isInteger(d) && d >= 1) ? null : "must be a list of positive integers (e.g. [1, 14, 6])"),
  dynamicAxes: "object",
  lengths: "boolean",
  initialState: "boolean",
  opset: (v) => (v === 14 || v === 15 ? null : "must be 14 or 15"),
  metadata: (v) => (v !== null && typeof v === "object" && Object.values(v).every((x) => typeof x === "string") ? null : "must be an object of strings"),
};

/** The ONNX model of `model` as bytes (inference: Dropout is the identity). Works in browsers too. */
export function exportOnnx(model: Module, options: OnnxExportOptions): Uint8Array {
  const opts = checkOptions("exportOnnx", options, OPTIONS);
  if (opts.inputShape === undefined) throw new Error("exportOnnx: option inputShape is required (the input's shape, e.g. [1, 14, 6])");
  const opset = opts.opset ?? 14;
  const shape = [...opts.inputShape];
  const dynamic = opts.dynamicAxes ?? defaultDynamicAxes(model, shape.length);
  for (const [axis, name] of Object.entries(dynamic)) {
    if (!(Number(axis) >= 0 && Number(axis) < shape.length) || typeof name !== "string" || !name) {
      throw new Error(`exportOnnx: dynamicAxes: axis ${axis} → ${JSON.stringify(name)} does not fit an input of rank ${shape.length} (expected { index: "name" })`);
    }
  }
  const inputShape: Dim[] = shape.map((d, i) => dynamic[i] ?? d);
  const takesIds = firstLeaf(model) instanceof Embedding;
  const g = new GraphBuilder();
  const input: Value = { name: g.fresh(takesIds ? "ids" : "input"), shape: inputShape, elem: takesIds ? "int64" : "float32" };
  const inputs: ValueSpec[] = [input];
  const outputs: ValueSpec[] = [];
  const name = (v: Value, as: string): void => {
    const out = g.node("Identity", [v.name], {}, [as])[0];
    outputs.push({ name: out, elem: v.elem, shape: v.shape });
  };

  if (model instanceof RNNBase) {
    emitterFor(model, "model"); // refuses subclasses, whose forward may differ
    // A bare recurrent layer: PyTorch's (output, h_n[, c_n]), with optional lengths and states.
    const [B] = model.batchFirst ? inputShape : [inputShape[1]];
    const state = (n: string): Value => ({ name: g.fresh(n), shape: [model.numLayers * model.numDirections, B, model.hiddenSize], elem: "float32" });
    const extras = {
      lengths: opts.lengths ? { name: g.fresh("lengths"), shape: [B], elem: "int32" as const } : undefined,
      h0: opts.initialState ? state("h0") : undefined,
      c0: opts.initialState && model.mode === "LSTM" ? state("c0") : undefined,
    };
    for (const v of [extras.lengths, extras.h0, extras.c0]) if (v) inputs.push(v);
    const r = emitRecurrent(g, model, input, extras, "model");
    name(r.output, "output");
    name(r.hN, "h_n");
    if (r.cN) name(r.cN, "c_n");
  } else {
    if (opts.lengths || opts.initialState) {
      throw new Error(`exportOnnx: lengths and initialState apply to a recurrent layer exported on its own; the model is a ${model.constructor.name}`);
    }
    const y = emitModule(g, model, input, "model");
    if ("kind" in y) throw new Error(`exportOnnx: the model ends with a recurrent layer's { output, hN }; end it with FinalHidden() or SequenceOutput()`);
    name(y, "output");
  }
  const metadata = { ...opts.metadata, [MODEL_METADATA_KEY]: modelDescriptionJson(model.describe()) };
  return encodeModel(g.spec("tapegrad", inputs, outputs, opset, `exported by tapegrad from a ${model.constructor.name}`, metadata), PRODUCER_VERSION);
}

/** Writes exportOnnx(model, opts) to `path`, atomically (Node only). */
export function exportOnnxFile(model: Module, path: string, opts: OnnxExportOptions): void {
  if (!hasFileSystem) throw new Error(`exportOnnxFile(${path}): needs a file system (Node). In a browser, use exportOnnx(model, opts), which returns the bytes`);
  writeFileAtomic(path, exportOnnx(model, opts));
}

/** The metadata_props of an ONNX model (e.g. what exportOnnx stored from `metadata`). */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  try {
    return decodeMetadata(bytes);
  } catch (e) {
    throw new Error(`readOnnxMetadata: not an ONNX model (${(e as Error).message})`);
  }
}

function firstLeaf(m: Module): Module {
  const children = m.namedChildren();
  return m instanceof Sequential && children.length ? firstLeaf(children[0][1]) : m;
}

function defaultDynamicAxes(model: Module, rank: number): Record<number, string> {
  let first = firstLeaf(model);
  if (first instanceof Embedding && model instanceof Sequential) first = firstLeaf(secondChild(model) ?? first);
  if (first instanceof RNNBase && rank >= 2) return first.batchFirst ? { 0: "batch", 1: "sequence" } : { 0: "sequence", 1: "batch" };
  return { 0: "batch" };
}

/** The module after the first leaf of a Sequential (walking into nested ones). */
function secondChild(m: Sequential): Module | undefined {
  const [first, second] = m.namedChildren();
  if (first && first[1] instanceof Sequential && first[1].namedChildren().length > 1) return secondChild(first[1]);
  return second?.[1];
}
