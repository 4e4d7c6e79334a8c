/**
 * The task's normalised windows as one safetensors file, for training elsewhere (examples/to-pytorch):
 * tensors "train.x" [count, steps, features] and "train.y" [count], the same for "validation" and
 * "test", float32. The metadata names the features and the target so the file explains itself.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { serializeSafetensors, writeFileAtomic } from "@tapegrad/nn";
import type { ForecastTask } from "./forecast-task.ts";

/** Writes train/validation/test windows of `task` to `path` (folder created), atomically. */
export function saveWindows(task: ForecastTask, path: string): void {
  const tensors = (["train", "validation", "test"] as const).flatMap((name): Array<[string, { shape: number[]; data: ArrayLike<number>; dtype: "F32" }]> => {
    const set = task[name];
    return [
      [`${name}.x`, { shape: [set.count, set.steps, set.features], data: set.x, dtype: "F32" }],
      [`${name}.y`, { shape: [set.count], data: set.y, dtype: "F32" }],
    ];
  });
  const metadata = {
    "tapegrad.data": JSON.stringify({
      format: "tapegrad-windows/1",
      x: "[count, steps, features]: the window's days, normalised with the training statistics",
      y: "[count]: the next day's temp_max, normalised (the loss is MSE)",
      featureNames: task.featureNames,
      firstTargetDates: { train: task.train.dates[0], validation: task.validation.dates[0], test: task.test.dates[0] },
    }),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}
