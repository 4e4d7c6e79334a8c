// Reads a char-RNN fixture dumped from PyTorch (test/fixtures/pytorch, kind "char_rnn").
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CharRnnParams, Matrix } from "./charrnn";

export const FIXTURE_DIR = fileURLToPath(new URL("../../test/fixtures/pytorch/", import.meta.url));
export const DEFAULT_FIXTURE = "charrnn_onehot_bias_a";

interface Tensor {
  shape: number[];
  data: number[];
}

export interface CharRnnFixture {
  name: string;
  path: string;
  k: number;
  d: number;
  vocab: string[] | null;
  params: CharRnnParams;
  xIds: number[];
  targetIds: number[];
  /** PyTorch's values: h [T, d], z and y [T, k], the loss and every gradient (flat, row-major). */
  torch: { h: number[]; z: number[]; y: number[]; loss: number; grads: Record<string, number[]> };
}

function matrix(t: Tensor): Matrix {
  const [rows, cols] = t.shape;
  return Array.from({ length: rows }, (_, i) => t.data.slice(i * cols, (i + 1) * cols));
}

/** A fixture by name (in test/fixtures/pytorch) or by path to a .json file. */
export function resolveFixture(nameOrPath: string): string {
  const path = nameOrPath.endsWith(".json") || nameOrPath.includes("/") ? nameOrPath : `${FIXTURE_DIR}${nameOrPath}.json`;
  if (!existsSync(path)) throw new Error(`homework: no fixture file at ${path}`);
  return path;
}

export function loadCharRnnFixture(nameOrPath: string): CharRnnFixture {
  const path = resolveFixture(nameOrPath);
  const fx = JSON.parse(readFileSync(path, "utf8"));
  if (fx.kind !== "char_rnn") throw new Error(`homework: ${path} is a "${fx.kind}" fixture; expected kind "char_rnn"`);
  const p = fx.params;
  const grads: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(fx.grads as Record<string, Tensor>)) grads[name] = t.data;
  return {
    name: fx.case, path, k: fx.config.k, d: fx.config.d, vocab: fx.config.vocab ?? null,
    params: { W_X: matrix(p.W_X), W_H: matrix(p.W_H), W_Y: matrix(p.W_Y), b_h: p.b_h?.data ?? null, b_y: p.b_y?.data ?? null },
    xIds: fx.inputs.x_ids, targetIds: fx.inputs.target_ids,
    torch: { h: fx.outputs.h.data, z: fx.outputs.z.data, y: fx.outputs.y.data, loss: fx.loss, grads },
  };
}
