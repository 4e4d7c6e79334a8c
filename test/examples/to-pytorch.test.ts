// The "continue in PyTorch" exit, end to end: tapegrad trains the weather forecaster briefly,
// examples/to-pytorch continues it with DistributedDataParallel in two processes (torchrun, gloo),
// and tapegrad loads the result and predicts what PyTorch predicted (float32 tolerance).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { noGrad, scope, tensor } from "@tapegrad/autograd";
import { loadModel, parseSafetensors } from "@tapegrad/nn";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_COUNT } from "../../examples/weather/features.ts";
import { forecastNextDay } from "../../examples/weather/forecast.ts";
import { seattleWeatherCsv } from "../../examples/weather/dataset-path.ts";
import { runWeatherExample } from "../../examples/weather/main.ts";
import { loadForecasterCheckpoint } from "../../examples/weather/model-checkpoint.ts";
import { DEFAULT_MODEL_CONFIG } from "../../examples/weather/model-config.ts";
import { RnnForecaster } from "../../examples/weather/rnn-forecaster.ts";
import { torchPython } from "../support/pytorch.ts";

const script = (name: string) => join(import.meta.dirname, "../../examples/to-pytorch", name);

describe("continue training in PyTorch (DDP, 2 processes) and load back", () => {
  const dir = mkdtempSync(join(tmpdir(), "to-pytorch-"));
  const paths = {
    tapegrad: join(dir, "forecaster.safetensors"),
    windows: join(dir, "windows.safetensors"),
    pytorch: join(dir, "forecaster-pytorch.safetensors"),
    predictions: join(dir, "predictions.safetensors"),
  };
  let stdout = "";

  beforeAll(async () => {
    const { python, env } = torchPython();
    // GRU, two layers, both directions: every name and gate order has to line up.
    const forecaster = new RnnForecaster({ ...DEFAULT_MODEL_CONFIG, cell: "gru", layers: 2, bidirectional: true, hidden: 8, epochs: 2, seed: 4 }, FEATURE_COUNT);
    await runWeatherExample({ forecaster, outDir: dir, progressMode: "silent", log: () => {} });
    forecaster.saveCheckpoint(paths.tapegrad);
    const run = spawnSync(
      python,
      [script("torchrun.py"), "--standalone", "--nproc_per_node=2", script("continue_training.py"),
        "--checkpoint", paths.tapegrad, "--data", paths.windows, "--out", paths.pytorch, "--epochs", "2", "--lr", "0.01",
        "--predict", "test", "--predictions", paths.predictions],
      { env, encoding: "utf8", timeout: 120_000 },
    );
    stdout = run.stdout;
    if (run.status !== 0) throw new Error(`torchrun failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  }, 150_000);

  it("PyTorch rebuilt the model from the checkpoint's description and trained it in two processes", () => {
    expect(stdout).toContain("(encoder): GRU(6, 8, num_layers=2, batch_first=True, bidirectional=True)");
    expect(stdout).toContain("training on 990 examples in 2 process(es)");
    const { metadata, tensors } = parseSafetensors(readFileSync(paths.pytorch));
    const [run] = JSON.parse(metadata["tapegrad.continued"]);
    expect(run).toMatchObject({ processes: 2, backend: "gloo", epochs: 2 });
    // Everything tapegrad wrote is kept, so `pnpm forecast` reads the file as its own.
    const before = parseSafetensors(readFileSync(paths.tapegrad));
    for (const key of ["format", "config", "featureNames", "windowLength", "standardizer", "tapegrad.model"]) expect(metadata[key]).toBe(before.metadata[key]);
    expect([...tensors.keys()]).toEqual([...before.tensors.keys()]);
    // Training moved the weights.
    const w0 = before.tensors.get("encoder.weight_hh_l1_reverse")!.data;
    const w1 = tensors.get("encoder.weight_hh_l1_reverse")!.data;
    expect(Math.max(...w1.map((v, i) => Math.abs(v - w0[i])))).toBeGreaterThan(1e-3);
  });

  it("tapegrad loads the PyTorch checkpoint and predicts what PyTorch predicted", () => {
    const want = parseSafetensors(readFileSync(paths.predictions)).tensors.get("predictions")!.data;
    const test = parseSafetensors(readFileSync(paths.windows)).tensors.get("test.x")!;
    expect(want.length).toBe(test.shape[0]);
    const check = (forward: () => Float32Array | Float64Array) => {
      const got = noGrad(() => scope(forward));
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThan(2e-5);
    };
    const { model } = loadForecasterCheckpoint(paths.pytorch); // what `pnpm forecast` uses
    check(() => model.eval().forward(tensor(test.data, { shape: test.shape })).data() as Float32Array);
    const generic = loadModel(paths.pytorch).model as typeof model; // knows nothing of the weather code
    check(() => generic.forward(tensor(test.data, { shape: test.shape })).data() as Float32Array);
    const f = forecastNextDay({ checkpoint: paths.pytorch, csv: seattleWeatherCsv() });
    expect(f.date).toBe("2016-01-01");
    expect(Number.isFinite(f.tempMaxC)).toBe(true);
  });
});
