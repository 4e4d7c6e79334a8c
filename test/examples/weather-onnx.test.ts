// The weather forecaster exported to ONNX (`pnpm export:onnx`) reproduces its 2015 forecasts in
// ONNX Runtime, and the file carries what a deployment needs (normalisation statistics).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";
import { TrainingProgress } from "../../examples/shared/training-progress.ts";
import { seattleWeatherCsv } from "../../examples/weather/dataset-path.ts";
import { exportForecasterOnnx } from "../../examples/weather/export-onnx.ts";
import { FEATURE_COUNT } from "../../examples/weather/features.ts";
import { forecastNextDay, forecastNextDayOnnx } from "../../examples/weather/forecast.ts";
import { buildForecastTask } from "../../examples/weather/forecast-task.ts";
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from "../../examples/weather/model-config.ts";
import { RnnForecaster } from "../../examples/weather/rnn-forecaster.ts";
import { readWeatherCsv } from "../../examples/weather/weather-csv-file.ts";
import { writeForecasterCheckpoint } from "../../examples/weather/model-checkpoint-file.ts";
import { maxAbsDiff } from "../support/compare.ts";
import { runOnnx } from "../support/onnx-runtime.ts";

const silent = (steps: number, epochs: number) => new TrainingProgress({ epochs, stepsPerEpoch: steps, mode: "silent" });
const onnx = (onnxProto as { onnx?: typeof onnxProto.onnx }).onnx ?? (onnxProto as unknown as { default: typeof onnxProto }).default.onnx;

describe("weather forecaster in ONNX Runtime", () => {
  const task = buildForecastTask(readWeatherCsv(seattleWeatherCsv()));
  const dir = mkdtempSync(join(tmpdir(), "weather-onnx-"));
  const configs: Array<Partial<ModelConfig>> = [{}, { cell: "gru", layers: 2, bidirectional: true, hidden: 12 }];

  for (const config of configs) {
    const forecaster = new RnnForecaster({ ...DEFAULT_MODEL_CONFIG, epochs: 2, ...config }, FEATURE_COUNT);
    it(`${forecaster.name}: the exported model gives the same 2015 forecasts, for any batch size`, async () => {
      await forecaster.fit(task, silent);
      const checkpoint = join(dir, `${forecaster.name}.safetensors`);
      const out = join(dir, `${forecaster.name}.onnx`);
      writeForecasterCheckpoint(checkpoint, forecaster.checkpointBytes());
      expect(exportForecasterOnnx(checkpoint, out)).toEqual([1, 14, FEATURE_COUNT]);
      const bytes = readFileSync(out);
      const { test } = task;
      const want = await forecaster.predict(test); // normalised, what main.ts scores and charts
      const got = await runOnnx(bytes, { input: { data: Float32Array.from(test.x), dims: [test.count, test.steps, test.features] } });
      expect(got.output.dims).toEqual([365]);
      expect(maxAbsDiff(got.output.data, want)).toBeLessThan(2e-5);
      expect(maxAbsDiff(task.toCelsius(got.output.data), task.toCelsius(want))).toBeLessThan(1e-3); // °C
      // One window at a time, and a shorter history: batch and days are dynamic axes.
      const one = await runOnnx(bytes, { input: { data: Float32Array.from(test.x.subarray(0, 14 * FEATURE_COUNT)), dims: [1, 14, FEATURE_COUNT] } });
      expect(Math.abs(one.output.data[0] - want[0])).toBeLessThan(2e-5);
      const short = await runOnnx(bytes, { input: { data: Float32Array.from(test.x.subarray(0, 7 * FEATURE_COUNT)), dims: [1, 7, FEATURE_COUNT] } });
      expect(Number.isFinite(short.output.data[0])).toBe(true);
      // The file explains itself: statistics and the model description in metadata_props.
      const model = onnx.ModelProto.decode(bytes);
      const props = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
      expect(JSON.parse(props.standardizer!).mean).toHaveLength(FEATURE_COUNT);
      expect(JSON.parse(props.featureNames!)).toEqual([...task.featureNames]);
      expect(JSON.parse(props["tapegrad.model"]!).model.children.map((c: { type: string }) => c.type)).toEqual([forecaster.config.cell.toUpperCase(), "FinalHidden", "Linear", "Flatten"]);
      expect(model.producerName).toBe("tapegrad");
      // `pnpm forecast -- --onnx FILE`: the day after the CSV, as the checkpoint forecasts it.
      const csv = seattleWeatherCsv();
      const [viaOnnx, viaTapegrad] = [await forecastNextDayOnnx({ onnx: out, csv }), forecastNextDay({ checkpoint, csv })];
      expect(viaOnnx.date).toBe("2016-01-01");
      expect(Math.abs(viaOnnx.tempMaxC - viaTapegrad.tempMaxC)).toBeLessThan(1e-3);
    });
  }
});
