/** The forecaster checkpoint as a file (Node): model-checkpoint.ts's bytes, written atomically. */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "@tapegrad/nn";
import { type CheckpointInfo, parseForecasterCheckpoint } from "./model-checkpoint.ts";
import type { Sequential } from "@tapegrad/nn";

/** Writes checkpoint bytes to `path` (folder created), atomically. */
export function writeForecasterCheckpoint(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, bytes);
}

/** Loads a checkpoint file written by `pnpm start` (or downloaded from the web playground). */
export function loadForecasterCheckpoint(path: string): { model: Sequential; info: CheckpointInfo } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`checkpoint: cannot read ${path}: ${(err as Error).message}; train one with \`pnpm start\` (it writes examples/weather/out/forecaster.safetensors)`);
  }
  return parseForecasterCheckpoint(bytes, path);
}
