import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TrainingProgress } from "../../examples/shared/training-progress.ts";
import { seattleWeatherCsv } from "../../examples/weather/dataset-path.ts";
import { FEATURE_COUNT } from "../../examples/weather/features.ts";
import { forecastNextDay } from "../../examples/weather/forecast.ts";
import { buildForecastTask } from "../../examples/weather/forecast-task.ts";
import { runWeatherExample } from "../../examples/weather/main.ts";
import { loadForecasterCheckpoint, writeForecasterCheckpoint } from "../../examples/weather/model-checkpoint-file.ts";
import { DEFAULT_MODEL_CONFIG, modelConfigFromFlags } from "../../examples/weather/model-config.ts";
import { RnnForecaster } from "../../examples/weather/rnn-forecaster.ts";
import { readWeatherCsv } from "../../examples/weather/weather-csv-file.ts";
import { SeededRng } from "../../examples/shared/rng.ts";
import { tensor } from "@tapegrad/autograd";
import { DataLoader, TensorDataset } from "@tapegrad/nn";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const tiny = { ...DEFAULT_MODEL_CONFIG, hidden: 8, epochs: 3, patience: 10, seed: 3 };
const silent = (steps: number, epochs: number) => new TrainingProgress({ epochs, stepsPerEpoch: steps, mode: "silent" });

describe("weather model", () => {
  const dir = mkdtempSync(join(tmpdir(), "weather-model-"));
  const checkpoint = join(dir, "forecaster.safetensors");
  let forecaster: RnnForecaster;
  let rows: Awaited<ReturnType<typeof runWeatherExample>>;

  beforeAll(async () => {
    forecaster = new RnnForecaster(tiny, FEATURE_COUNT);
    rows = await runWeatherExample({ forecaster, outDir: dir, progressMode: "silent", log: () => {} });
    writeForecasterCheckpoint(checkpoint, forecaster.checkpointBytes({ test: true }));
  });

  it("trains: the training loss falls over three epochs and the model is scored beside the baselines", () => {
    const history = forecaster.details() as { epochsRun: number };
    expect(history.epochsRun).toBe(3);
    const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as { results: { name: string; metrics: Record<string, number> }[]; model: { bestEpoch: number } };
    expect(results.results.map((r) => r.name)).toEqual(["LSTM 8", "persistence", "climatology"]);
    expect(results.model.bestEpoch).toBeGreaterThanOrEqual(1);
    const mae = rows[0].metrics["MAE °C"];
    expect(mae).toBeGreaterThan(0);
    expect(mae).toBeLessThan(6); // far from a broken model's ~7 °C (predicting the mean)
  });

  it("loss decreases epoch over epoch on a tiny config", async () => {
    const task = buildForecastTask(readWeatherCsv(seattleWeatherCsv()));
    const f = new RnnForecaster({ ...tiny, seed: 5 }, FEATURE_COUNT);
    const history = await f.fit(task, silent);
    expect(history.trainLoss).toHaveLength(3);
    expect(history.trainLoss[2]).toBeLessThan(history.trainLoss[0]);
    expect(history.validationLoss.every(Number.isFinite)).toBe(true);
  });

  it("writes the forecast chart and the loss curves as SVG and PNG", () => {
    for (const name of ["forecast-test", "loss-curves"]) {
      const svg = readFileSync(join(dir, `${name}.svg`), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
      expect([...readFileSync(join(dir, `${name}.png`)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    }
    expect(readFileSync(join(dir, "forecast-test.svg"), "utf8")).toContain("LSTM 8");
  });

  it("the checkpoint reloads and forecast.ts predicts what the trained model predicts", async () => {
    const { info } = loadForecasterCheckpoint(checkpoint);
    expect(info.config).toEqual(tiny);
    expect(info.windowLength).toBe(14);
    // Cut the CSV after 2015-06-30: forecastNextDay must reproduce the test window for 2015-07-01.
    const lines = readFileSync(seattleWeatherCsv(), "utf8").trim().split("\n");
    const cut = lines.findIndex((l) => l.startsWith("2015-07-01"));
    const csv = join(dir, "until-june.csv");
    writeFileSync(csv, lines.slice(0, cut).join("\n") + "\n");
    const f = forecastNextDay({ checkpoint, csv });
    expect(f.date).toBe("2015-07-01");
    expect(f.from).toBe("2015-06-17");

    const task = buildForecastTask(readWeatherCsv(seattleWeatherCsv()));
    const n = task.test.dates.indexOf("2015-07-01");
    const expected = task.toCelsius(await forecaster.predict(task.test))[n];
    expect(f.tempMaxC).toBeCloseTo(expected, 3);
  });

  it("refuses a missing, truncated or foreign checkpoint and a CSV with too few rows", () => {
    const csv = seattleWeatherCsv();
    expect(() => forecastNextDay({ checkpoint: join(dir, "nope.safetensors"), csv })).toThrow(/cannot read .*nope\.safetensors/);
    const truncated = join(dir, "truncated.safetensors");
    writeFileSync(truncated, readFileSync(checkpoint).subarray(0, 100));
    expect(() => forecastNextDay({ checkpoint: truncated, csv })).toThrow(/truncated or corrupt/);
    const foreign = join(dir, "foreign.safetensors");
    const header = Buffer.from(JSON.stringify({ w: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }));
    const len = Buffer.alloc(8);
    len.writeUInt32LE(header.length, 0);
    writeFileSync(foreign, Buffer.concat([len, header, Buffer.alloc(4)]));
    expect(() => forecastNextDay({ checkpoint: foreign, csv })).toThrow(/expected __metadata__.format "tapegrad-weather-forecaster\/1", got none/);
    const short = join(dir, "short.csv");
    writeFileSync(short, "date,precipitation,temp_max,temp_min,wind\n2015-01-01,0,5,1,2\n2015-01-02,0,6,1,2\n");
    expect(() => forecastNextDay({ checkpoint, csv: short })).toThrow(/expected at least 14 data rows, got 2/);
    const gap = join(dir, "gap.csv");
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    writeFileSync(gap, [lines[0], ...lines.slice(1, 10), ...lines.slice(12, 20)].join("\n"));
    expect(() => forecastNextDay({ checkpoint, csv: gap })).toThrow(/expected the last 14 rows to be 14 consecutive days, but 2012-01-09 is followed by 2012-01-12/);
  });
});

describe("weather model pieces", () => {
  it("the training loader shuffles windows exactly as SeededRng.shuffle (the order behind the documented figures)", () => {
    const task = buildForecastTask(readWeatherCsv(seattleWeatherCsv()));
    const set = task.validation;
    const ds = new TensorDataset(tensor(set.x, { shape: [set.count, set.steps, set.features] }), tensor(set.y, { shape: [set.count] }));
    const loader = new DataLoader(ds, { batchSize: 32, shuffle: true, generator: new SeededRng(1) });
    const order = new SeededRng(1).shuffle(Array.from({ length: set.count }, (_, i) => i));
    const seen: number[] = [];
    for (const [x, y] of loader) {
      expect(x.shape.slice(1)).toEqual([14, 6]);
      seen.push(...Array.from(y.data()));
    }
    expect(seen).toEqual(order.map((n) => Math.fround(set.y[n])));
    for (const t of ds.tensors) t.dispose();
  });

  it("model flags override defaults and are checked", () => {
    expect(modelConfigFromFlags({ cell: "gru", hidden: "16", bidirectional: true })).toMatchObject({ cell: "gru", hidden: 16, bidirectional: true, layers: 1 });
    expect(() => modelConfigFromFlags({ cell: "rnn" })).toThrow(`--cell: expected "lstm" or "gru", got "rnn"`);
    expect(() => modelConfigFromFlags({ hidden: "0" })).toThrow(`--hidden: expected an integer >= 1, got "0"`);
    expect(() => modelConfigFromFlags({ lr: "-1" })).toThrow(`--lr: expected a positive number, got "-1"`);
  });

  it("a bidirectional two-layer GRU trains one epoch and predicts finite values", async () => {
    const task = buildForecastTask(readWeatherCsv(seattleWeatherCsv()));
    const f = new RnnForecaster({ ...tiny, cell: "gru", layers: 2, bidirectional: true, hidden: 4, epochs: 1 }, FEATURE_COUNT);
    await f.fit(task, silent);
    const p = await f.predict(task.validation);
    expect(p).toHaveLength(task.validation.count);
    expect([...p].every(Number.isFinite)).toBe(true);
  });
});
