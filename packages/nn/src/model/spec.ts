// The model description a checkpoint carries: what a reader needs to rebuild the module tree
// (each module's type, its constructor config, its named children in order), stored as one JSON
// string under the safetensors `__metadata__` key "tapegrad.model" (metadata values must be strings).
// Config keys are the tapegrad option names, which are PyTorch's keyword arguments in camelCase
// (hiddenSize ↔ hidden_size, batchFirst ↔ batch_first), so a reader in another language maps them
// by changing the case.

/** A JSON value a module's config may hold. */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** One module: its type name, constructor config, and children in registration order. */
export interface ModuleSpec {
  type: string;
  config: Record<string, ConfigValue>;
  children: NamedModuleSpec[];
}

/** A child module under its attribute name (the prefix of its parameters' names). */
export interface NamedModuleSpec extends ModuleSpec {
  name: string;
}

/** The versioned document stored under MODEL_METADATA_KEY. */
export interface ModelDescription {
  format: typeof MODEL_FORMAT;
  model: ModuleSpec;
}

/** The `__metadata__` key of the model description. */
export const MODEL_METADATA_KEY = "tapegrad.model";
/** The description's format and version; a reader refuses other versions. */
export const MODEL_FORMAT = "tapegrad-model/1";

/** The JSON string saveCheckpoint stores under MODEL_METADATA_KEY. */
export function modelDescriptionJson(spec: ModuleSpec): string {
  const doc: ModelDescription = { format: MODEL_FORMAT, model: spec };
  return JSON.stringify(doc);
}

/** Parses and checks a stored model description; every problem names `source` and the module path. */
export function parseModelDescription(text: string, source = "checkpoint"): ModuleSpec {
  const fail = (what: string): never => {
    throw new Error(`model description: ${source}: ${what}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`__metadata__["${MODEL_METADATA_KEY}"] is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(doc)) return fail(`expected a JSON object with "format" and "model", got ${short(doc)}`);
  if (doc.format !== MODEL_FORMAT) {
    fail(`expected format "${MODEL_FORMAT}", got ${short(doc.format)} (written by a newer tapegrad? this one reads ${MODEL_FORMAT})`);
  }
  const check = (v: unknown, path: string): ModuleSpec => {
    if (!isObject(v)) return fail(`${path}: expected an object {type, config, children}, got ${short(v)}`);
    if (typeof v.type !== "string" || v.type === "") fail(`${path}: "type" must be a non-empty string, got ${short(v.type)}`);
    const config = v.config ?? {};
    if (!isObject(config)) fail(`${path} (${v.type}): "config" must be an object, got ${short(config)}`);
    const children = v.children ?? [];
    if (!Array.isArray(children)) return fail(`${path} (${v.type}): "children" must be a list, got ${short(children)}`);
    const seen = new Set<string>();
    const named = children.map((c, i): NamedModuleSpec => {
      const name = isObject(c) ? c.name : undefined;
      if (typeof name !== "string" || name === "" || name.includes(".")) fail(`${path}.children[${i}]: "name" must be a non-empty string without ".", got ${short(name)}`);
      if (seen.has(name as string)) fail(`${path}: two children are named "${name}"`);
      seen.add(name as string);
      return { name: name as string, ...check(c, `${path}.${name}`) };
    });
    return { type: v.type as string, config: config as Record<string, ConfigValue>, children: named };
  };
  return check(doc.model, "model");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
