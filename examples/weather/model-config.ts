/**
 * Settings of the recurrent forecaster, their defaults, and the command-line flags that set them.
 * One table of flags serves main.ts (training) and the checkpoint (so forecast.ts rebuilds the
 * same network without being told its shape).
 */

export type CellKind = "lstm" | "gru";

export interface ModelConfig {
  cell: CellKind;
  hidden: number;
  layers: number;
  bidirectional: boolean;
  /** Upper bound; early stopping usually ends training sooner. */
  epochs: number;
  lr: number;
  batch: number;
  seed: number;
  /** Epochs without a better validation loss before training stops. */
  patience: number;
}

/** The default run: small enough for ~20 s on 2 cores, and it beats persistence on Seattle 2015. */
export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = {
  cell: "lstm",
  hidden: 32,
  layers: 1,
  bidirectional: false,
  epochs: 60,
  lr: 3e-3,
  batch: 32,
  seed: 7,
  patience: 10,
};

/** The model flags for the shared command line (all strings, checked by modelConfigFromFlags). */
export const MODEL_FLAGS = {
  cell: { type: "string", value: "lstm|gru", description: `recurrent cell (default ${DEFAULT_MODEL_CONFIG.cell})` },
  hidden: { type: "string", value: "N", description: `hidden units (default ${DEFAULT_MODEL_CONFIG.hidden})` },
  layers: { type: "string", value: "N", description: `stacked layers (default ${DEFAULT_MODEL_CONFIG.layers})` },
  bidirectional: { type: "boolean", description: "read each window both ways" },
  epochs: { type: "string", value: "N", description: `at most N epochs; early stopping usually ends sooner (default ${DEFAULT_MODEL_CONFIG.epochs})` },
  lr: { type: "string", value: "RATE", description: `Adam learning rate (default ${DEFAULT_MODEL_CONFIG.lr})` },
  batch: { type: "string", value: "N", description: `windows per batch (default ${DEFAULT_MODEL_CONFIG.batch})` },
  seed: { type: "string", value: "N", description: `seed of the weights and the shuffling (default ${DEFAULT_MODEL_CONFIG.seed})` },
  patience: { type: "string", value: "N", description: `epochs without a better validation loss before stopping (default ${DEFAULT_MODEL_CONFIG.patience})` },
} as const;

export type ModelFlags = Partial<Record<Exclude<keyof ModelConfig, "bidirectional">, string>> & { bidirectional?: boolean };

/** Defaults overridden by the given flags; throws naming the flag, what it expects and what it got. */
export function modelConfigFromFlags(flags: ModelFlags, base: Readonly<ModelConfig> = DEFAULT_MODEL_CONFIG): ModelConfig {
  const int = (name: keyof ModelFlags, min: number): number | undefined => {
    const text = flags[name] as string | undefined;
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(Number.isInteger(n) && n >= min)) throw new Error(`--${name}: expected an integer >= ${min}, got "${text}"`);
    return n;
  };
  let lr: number | undefined;
  if (flags.lr !== undefined) {
    lr = Number(flags.lr);
    if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`--lr: expected a positive number, got "${flags.lr}"`);
  }
  if (flags.cell !== undefined && flags.cell !== "lstm" && flags.cell !== "gru") {
    throw new Error(`--cell: expected "lstm" or "gru", got "${flags.cell}"`);
  }
  return checkModelConfig({
    cell: (flags.cell as CellKind | undefined) ?? base.cell,
    hidden: int("hidden", 1) ?? base.hidden,
    layers: int("layers", 1) ?? base.layers,
    bidirectional: flags.bidirectional ?? base.bidirectional,
    epochs: int("epochs", 1) ?? base.epochs,
    lr: lr ?? base.lr,
    batch: int("batch", 1) ?? base.batch,
    seed: int("seed", 0) ?? base.seed,
    patience: int("patience", 1) ?? base.patience,
  });
}

/** Validates a config read from a checkpoint or built in code; returns it unchanged. */
export function checkModelConfig(c: ModelConfig): ModelConfig {
  const bad = (what: string, expected: string, got: unknown): never => {
    throw new Error(`model config: ${what}: expected ${expected}, got ${JSON.stringify(got)}`);
  };
  if (c.cell !== "lstm" && c.cell !== "gru") bad("cell", `"lstm" or "gru"`, c.cell);
  for (const key of ["hidden", "layers", "epochs", "batch", "patience"] as const) {
    if (!(Number.isInteger(c[key]) && c[key] >= 1)) bad(key, "a positive integer", c[key]);
  }
  if (!(Number.isInteger(c.seed) && c.seed >= 0)) bad("seed", "a non-negative integer", c.seed);
  if (!(c.lr > 0)) bad("lr", "a positive number", c.lr);
  if (typeof c.bidirectional !== "boolean") bad("bidirectional", "true or false", c.bidirectional);
  return c;
}

/** "LSTM 32" / "GRU 2×64 bi": the model's row name in the results table. */
export function describeModel(c: ModelConfig): string {
  return `${c.cell.toUpperCase()} ${c.layers > 1 ? `${c.layers}×` : ""}${c.hidden}${c.bidirectional ? " bi" : ""}`;
}
