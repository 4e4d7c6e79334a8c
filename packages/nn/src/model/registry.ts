// Rebuilding modules from a model description (model/spec.ts): one builder per module type, keyed
// by the type name moduleConfig() reports. nn's own types are registered here; an application adds
// its own with registerModuleType, so loadModel() rebuilds its models too.
import type { ParamOptions } from "../init";
import { GELU, ReLU, Sigmoid, Tanh } from "../layers/activations";
import { Dropout } from "../layers/dropout";
import { Embedding } from "../layers/embedding";
import { Flatten } from "../layers/flatten";
import { Attention } from "../layers/attention";
import { LayerNorm } from "../layers/layer-norm";
import { Linear } from "../layers/linear";
import { FinalHidden, SequenceOutput } from "../layers/recurrent-outputs";
import { type ChainModule, Sequential } from "../layers/sequential";
import type { Module } from "../module";
import { GRUCell, LSTMCell, RNNCell } from "../rnn/cell-modules";
import { GRU, LSTM, RNN } from "../rnn/layers";
import type { ConfigValue, ModuleSpec } from "./spec";

/** Reads one config entry, checking its kind; `undefined` when absent and optional. */
export interface ConfigReader {
  int(key: string, fallback?: number): number;
  /** A list of non-negative integers (a shape). */
  ints(key: string, fallback?: number[]): number[];
  number(key: string, fallback?: number): number;
  bool(key: string, fallback?: boolean): boolean;
  string<const T extends string>(key: string, allowed: readonly T[], fallback?: T): T;
}

/** Builds a module of one type from its config and its already-built children. */
export type ModuleBuilder = (config: ConfigReader, children: Map<string, Module>, opts: ParamOptions) => Module;

const builders = new Map<string, ModuleBuilder>();

/** Teaches moduleFromSpec (and loadModel) a module type; `type` is what its moduleConfig() reports. */
export function registerModuleType(type: string, build: ModuleBuilder): void {
  builders.set(type, build);
}

/** The module types moduleFromSpec can build, sorted. */
export function knownModuleTypes(): string[] {
  return [...builders.keys()].sort();
}

/** Builds the module tree a description names (parameters freshly initialised; load weights next). */
export function moduleFromSpec(spec: ModuleSpec, opts: ParamOptions = {}, path = "model"): Module {
  const build = builders.get(spec.type);
  if (!build) {
    throw new Error(`moduleFromSpec: ${path}: unknown module type "${spec.type}"; known types: ${knownModuleTypes().join(", ")} (register others with registerModuleType)`);
  }
  const children = new Map(spec.children.map((c) => [c.name, moduleFromSpec(c, opts, `${path}.${c.name}`)] as const));
  try {
    return build(configReader(spec.config, `${path} (${spec.type})`), children, opts);
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.startsWith("moduleFromSpec:") ? msg : `moduleFromSpec: ${path} (${spec.type}): ${msg}`);
  }
}

function configReader(config: Record<string, ConfigValue>, where: string): ConfigReader {
  const get = (key: string, kind: string, fallback: unknown, ok: (v: unknown) => boolean): unknown => {
    const v = config[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (v === undefined || !ok(v)) throw new Error(`moduleFromSpec: ${where}: config.${key} must be ${kind}, got ${JSON.stringify(v) ?? "nothing"}`);
    return v;
  };
  return {
    int: (key, fallback) => get(key, "a non-negative integer", fallback, (v) => Number.isSafeInteger(v) && (v as number) >= 0) as number,
    ints: (key, fallback) => get(key, "a list of non-negative integers", fallback, (v) => Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0)) as number[],
    number: (key, fallback) => get(key, "a finite number", fallback, (v) => typeof v === "number" && Number.isFinite(v)) as number,
    bool: (key, fallback) => get(key, "true or false", fallback, (v) => typeof v === "boolean") as boolean,
    string: (key, allowed, fallback) => get(key, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, fallback, (v) => allowed.includes(v as never)) as never,
  };
}

const noChildren = (type: string, children: Map<string, Module>): void => {
  if (children.size) throw new Error(`${type} has no child modules, the description lists ${[...children.keys()].join(", ")}`);
};
const leaf = (type: string, make: (c: ConfigReader, opts: ParamOptions) => Module): void =>
  registerModuleType(type, (c, children, opts) => {
    noChildren(type, children);
    return make(c, opts);
  });

leaf("Linear", (c, opts) => new Linear(c.int("inFeatures"), c.int("outFeatures"), { ...opts, bias: c.bool("bias", true) }));
leaf("Embedding", (c, opts) => {
  const pad = c.int("paddingIdx", -1);
  return new Embedding(c.int("numEmbeddings"), c.int("embeddingDim"), pad >= 0 ? { ...opts, paddingIdx: pad } : opts);
});
leaf("LayerNorm", (c, opts) => new LayerNorm(c.ints("normalizedShape"), { ...opts, eps: c.number("eps", 1e-5), elementwiseAffine: c.bool("elementwiseAffine", true) }));
// Attention makes its own projections (its children in the description are rebuilt by it).
registerModuleType("Attention", (c, _children, opts) => new Attention(c.int("queryDim"), c.int("memoryDim"), { ...opts, score: c.string("score", ["dot", "general", "additive"] as const, "general"), attentionDim: c.int("attentionDim") }));
leaf("Dropout", (c) => new Dropout(c.number("p", 0.5)));
leaf("Flatten", (c) => new Flatten(c.number("startDim", 1), c.number("endDim", -1)));
leaf("ReLU", () => new ReLU());
leaf("Tanh", () => new Tanh());
leaf("Sigmoid", () => new Sigmoid());
leaf("GELU", (c) => new GELU({ approximate: c.string("approximate", ["none", "tanh"] as const, "none") }));
leaf("FinalHidden", () => new FinalHidden());
leaf("SequenceOutput", () => new SequenceOutput());
registerModuleType("Sequential", (_c, children) => new Sequential(children as Map<string, ChainModule>));

const recurrentOptions = (c: ConfigReader, opts: ParamOptions) => ({
  ...opts,
  numLayers: c.int("numLayers", 1),
  bias: c.bool("bias", true),
  batchFirst: c.bool("batchFirst", false),
  dropout: c.number("dropout", 0),
  bidirectional: c.bool("bidirectional", false),
});
leaf("RNN", (c, opts) => new RNN(c.int("inputSize"), c.int("hiddenSize"), { ...recurrentOptions(c, opts), nonlinearity: c.string("nonlinearity", ["tanh", "relu"] as const, "tanh") }));
leaf("LSTM", (c, opts) => new LSTM(c.int("inputSize"), c.int("hiddenSize"), { ...recurrentOptions(c, opts), projSize: c.int("projSize", 0) }));
leaf("GRU", (c, opts) => new GRU(c.int("inputSize"), c.int("hiddenSize"), recurrentOptions(c, opts)));
const cellOptions = (c: ConfigReader, opts: ParamOptions) => ({ ...opts, bias: c.bool("bias", true) });
leaf("RNNCell", (c, opts) => new RNNCell(c.int("inputSize"), c.int("hiddenSize"), { ...cellOptions(c, opts), nonlinearity: c.string("nonlinearity", ["tanh", "relu"] as const, "tanh") }));
leaf("LSTMCell", (c, opts) => new LSTMCell(c.int("inputSize"), c.int("hiddenSize"), cellOptions(c, opts)));
leaf("GRUCell", (c, opts) => new GRUCell(c.int("inputSize"), c.int("hiddenSize"), cellOptions(c, opts)));
