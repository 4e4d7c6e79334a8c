// The "continue in PyTorch" exit, end to end: tapegrad trains the weather forecaster briefly,
// examples/to-pytorch continues it with DistributedDataParallel in two processes (torchrun, gloo),
// and tapegrad loads the result and predicts what PyTorch predicted (float32 tolerance).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Generator, noGrad, randn, scope, Tensor, tensor } from "@tapegrad/autograd";
import {
  Dropout, Embedding, FinalHidden, Flatten, GRU, LayerNorm, Linear, LSTM, loadModel, parseSafetensors, ReLU, RNN, saveCheckpoint, SequenceOutput, Sequential,
  serializeSafetensors, Sigmoid, Tanh, GELU,
} from "@tapegrad/nn";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_COUNT } from "../../examples/weather/features.ts";
import { forecastNextDay } from "../../examples/weather/forecast.ts";
import { seattleWeatherCsv } from "../../examples/weather/dataset-path.ts";
import { runWeatherExample } from "../../examples/weather/main.ts";
import { loadForecasterCheckpoint, writeForecasterCheckpoint } from "../../examples/weather/model-checkpoint-file.ts";
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
    writeForecasterCheckpoint(paths.tapegrad, forecaster.checkpointBytes());
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

describe("examples/to-pytorch builds every described module type", () => {
  it("PyTorch's twin of each model computes what tapegrad computes; an unknown type is refused by name", () => {
    const { python, env } = torchPython();
    const dir = mkdtempSync(join(tmpdir(), "to-pytorch-types-"));
    const g = (seed: number) => ({ generator: new Generator(seed) });
    const models: Array<{ name: string; model: Sequential; input: number[][] | Tensor }> = [
      {
        name: "tagger",
        model: new Sequential({
          embed: new Embedding(9, 3, { ...g(1), paddingIdx: 2 }),
          rnn: new GRU(3, 4, { ...g(2), numLayers: 2, bidirectional: true, batchFirst: true }),
          steps: new SequenceOutput(),
          norm: new LayerNorm(8, { eps: 1e-3 }),
          head: new Sequential(new Linear(8, 5, g(3)), new ReLU(), new Dropout(0.3), new Linear(5, 2, { ...g(4), bias: false }), new Tanh()),
          flat: new Flatten(),
        }),
        input: [[1, 2, 3, 4], [8, 7, 6, 5]],
      },
      {
        name: "scorer",
        model: new Sequential(new RNN(3, 4, { ...g(5), nonlinearity: "relu", bias: false, numLayers: 2 }), new FinalHidden(), new Linear(4, 3, g(6)), new GELU({ approximate: "tanh" }), new Linear(3, 3, g(10)), new GELU(), new Linear(3, 1, g(11)), new Sigmoid()),
        input: randn([6, 2, 3], g(7)),
      },
      {
        name: "encoder",
        model: new Sequential(new LSTM(3, 4, { ...g(8), bidirectional: true, numLayers: 2, projSize: 2 }), new FinalHidden()),
        input: randn([5, 3, 3], g(9)),
      },
    ];
    const script = [
      "import sys, torch",
      `sys.path.insert(0, ${JSON.stringify(join(import.meta.dirname, "../../examples/to-pytorch"))})`,
      "from safetensors_io import read_safetensors, write_safetensors",
      "from tapegrad_model import model_from_checkpoint, build_module",
      "for name in sys.argv[2:]:",
      "    tensors, metadata = read_safetensors(f'{sys.argv[1]}/{name}.safetensors')",
      "    model = model_from_checkpoint(tensors, metadata).eval()",
      "    x = read_safetensors(f'{sys.argv[1]}/{name}.input.safetensors')[0]['x']",
      "    x = torch.from_numpy(x.copy())",
      "    x = x.long() if isinstance(model[0], torch.nn.Embedding) else x  # ids were stored as float32",
      "    with torch.no_grad(): y = model(x)",
      "    write_safetensors(f'{sys.argv[1]}/{name}.output.safetensors', {'y': y.numpy()}, {})",
      "try:",
      "    build_module({'type': 'Sequential', 'children': [{'name': 'body', 'type': 'Scaled', 'config': {}}]})",
      "except ValueError as e:",
      "    print(e)",
    ].join("\n");
    for (const { name, model, input } of models) {
      saveCheckpoint(model, join(dir, `${name}.safetensors`));
      const x = input instanceof Tensor ? input : tensor(input.flat(), { shape: [input.length, input[0].length] });
      writeFileSync(join(dir, `${name}.input.safetensors`), serializeSafetensors([["x", { shape: x.shape, data: Float32Array.from(x.data()) }]]));
    }
    const run = spawnSync(python, ["-c", script, dir, ...models.map((m) => m.name)], { env, encoding: "utf8", timeout: 60_000 });
    if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
    expect(run.stdout.trim()).toBe("model.body: unknown module type 'Scaled'; this reader builds Dropout, Embedding, FinalHidden, Flatten, GELU, GRU, GRUCell, LSTM, LSTMCell, LayerNorm, Linear, RNN, RNNCell, ReLU, SequenceOutput, Sequential, Sigmoid, Tanh");
    for (const { name, model, input } of models) {
      const want = model.eval().forward(input as Tensor);
      const got = parseSafetensors(readFileSync(join(dir, `${name}.output.safetensors`))).tensors.get("y")!;
      expect(got.shape).toEqual([...want.shape]);
      let worst = 0;
      want.data().forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got.data[i]))));
      expect(worst).toBeLessThan(2e-6);
    }
  });
});
