// The one check every options object goes through (tensor creation and other autograd functions;
// in @tapegrad/nn layers, losses, optimizers, schedulers, checkpoints). It lives here, at the
// bottom of the package graph, so autograd and nn share one implementation. A misspelt or foreign key (`learningRate`, `weight_decay`, `batch_first`) used to be
// ignored silently, so a model trained at the default rate without a word; now it is an error that
// names the constructor and suggests the key that was probably meant.

/** What an option's value must be: a primitive type, or a check returning a problem (or null). */
export type OptionKind = "number" | "integer" | "boolean" | "string" | "object" | "any" | ((value: unknown) => string | null);

/** Every key of T (required or optional) mapped to its kind: the compiler checks the list is complete. */
export type OptionSpec<T> = { readonly [K in keyof Required<T>]: OptionKind };

// Names other libraries use for our keys (TensorFlow.js / Keras, PyTorch's snake_case is handled
// by normalisation below). Only suggested when the target is a key of the options at hand.
const ALIASES: Record<string, string[]> = {
  learningrate: ["lr"],
  epsilon: ["eps"],
  beta1: ["betas"],
  beta2: ["betas"],
  decay: ["weightDecay"],
  l2: ["weightDecay"],
  rho: ["alpha"],
  usebias: ["bias"],
  units: ["hiddenSize"],
  returnsequences: ["batchFirst"],
  seed: ["generator"],
  rng: ["generator"],
  device: ["backend"],
  ignoreindex: ["ignoreIndex"],
};

/**
 * Validates an options object: undefined means {}; anything but a plain object, an unknown key
 * (with a did-you-mean suggestion) or a value of the wrong kind is an Error naming `where`.
 */
export function checkOptions<T extends object>(where: string, options: T | undefined, spec: OptionSpec<T>): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== "object" || Array.isArray(options) || options instanceof Map) {
    throw new Error(`${where}: options must be an object such as { ${Object.keys(spec).slice(0, 2).map((k) => `${k}: …`).join(", ")} }, got ${describeValue(options)}`);
  }
  const allowed = Object.keys(spec);
  for (const key of Object.keys(options)) {
    const kind = (spec as Record<string, OptionKind>)[key];
    if (kind === undefined || !Object.hasOwn(spec, key)) {
      const guess = suggest(key, allowed);
      throw new Error(
        `${where}: unknown option "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}; the options are ${allowed.map((k) => `"${k}"`).join(", ")}`,
      );
    }
    const value = (options as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const problem = kindProblem(kind, value);
    if (problem !== null) throw new Error(`${where}: option "${key}" ${problem}, got ${describeValue(value)}`);
  }
  return options;
}

function kindProblem(kind: OptionKind, value: unknown): string | null {
  switch (kind) {
    case "any": return null;
    case "number": return typeof value === "number" && !Number.isNaN(value) ? null : "must be a number";
    case "integer": return Number.isInteger(value) ? null : "must be an integer";
    case "boolean": return typeof value === "boolean" ? null : "must be true or false";
    case "string": return typeof value === "string" ? null : "must be a string";
    case "object": return value !== null && typeof value === "object" ? null : "must be an object";
    default: return kind(value);
  }
}

/** A short description of a value for error messages: `number 0.1`, `array [1, 2]`, `string "x"`. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `${typeof v} ${String(v)}`;
  if (typeof v === "object") return `${(v as object).constructor?.name ?? "an object"}`;
  return typeof v;
}

/** The allowed key closest to `key`: same letters ignoring case and underscores, a known alias, a prefix, or ≤ 2 edits. */
export function suggest(key: string, allowed: readonly string[]): string | null {
  const norm = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, "");
  const k = norm(key);
  for (const a of allowed) if (norm(a) === k) return a;
  for (const target of ALIASES[k] ?? []) if (allowed.includes(target)) return target;
  for (const a of allowed) if (sharedPrefix(k, norm(a)) >= Math.max(4, 0.8 * k.length)) return a; // "reduce" → "reduction"
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(k.length / 3));
  for (const a of allowed) {
    const d = editDistance(k, norm(a));
    if (d <= bestDistance) { best = a; bestDistance = d - 1; }
  }
  return best;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Edit distance with adjacent transpositions counted as one edit ("bais" → "bias" is 1). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}
