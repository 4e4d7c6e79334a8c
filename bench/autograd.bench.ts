// Autograd benchmark: per-op overhead of the tape and a small tanh-RNN training step, tapegrad
// (wasm float32) against TensorFlow.js on its wasm backend (tf.variableGrads), same process, same
// shapes, back to back.
//   pnpm bench:autograd [--quick] [--json FILE]
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { Generator, getBackend, liveTensorCount, randn, scope, zeroGrad, type Tensor } from "@tapegrad/autograd";
import { FULL, QUICK, time, type Timing, type TimingProfile } from "./lib/timing";
import { parseCommandLine } from "../scripts/command-line.ts";

interface Options { quick: boolean; json: string | null }

const COMMAND = {
  command: "pnpm bench:autograd",
  description: "Per-op overhead of the tape and a 50-step tanh-RNN training step, against tfjs-wasm variableGrads.",
  flags: {
    quick: { type: "boolean", default: false, description: "fewer rounds" },
    json: { type: "string", value: "FILE", description: "also write the results as JSON" },
  },
} as const;

function parseArgs(argv: string[]): Options {
  const { values } = parseCommandLine(COMMAND, argv);
  return { quick: values.quick, json: values.json ?? null };
}

const CHAIN = 1000, ROWS = 32, COLS = 64;
const RNN = { steps: 50, batch: 32, input: 8, hidden: 64 };

/** Seeded values shared by both frameworks. */
function values(shape: number[], seed: number, scale = 1): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * g.normal());
}

// ---- tapegrad ----------------------------------------------------------------------------------

function tapegradChain(): { run: () => number; dispose: () => void } {
  const b = randn([ROWS, COLS], { requiresGrad: true, generator: new Generator(1) });
  const c = randn([ROWS, COLS], { requiresGrad: true, generator: new Generator(2) });
  const x = randn([ROWS, COLS], { generator: new Generator(3) });
  const params = [b, c];
  const run = (): number => {
    const v = scope(() => {
      let h: Tensor = x;
      // Cycle through four ops: 1000 ops on the tape, then one sum.
      for (let i = 0; i < CHAIN; i += 4) h = h.add(b).mul(c).tanh().sub(b);
      const loss = h.sum();
      loss.backward();
      return loss.item();
    });
    zeroGrad(params);
    return v;
  };
  return { run, dispose: () => { for (const t of [b, c, x]) t.dispose(); } };
}

function tapegradRnn(): { run: () => number; dispose: () => void } {
  const { steps, batch, input, hidden } = RNN;
  const g = new Generator(7);
  const Wx = randn([input, hidden], { requiresGrad: true, generator: g }).mul_(0.3);
  const Wh = randn([hidden, hidden], { requiresGrad: true, generator: g }).mul_(0.1);
  const bias = randn([hidden], { requiresGrad: true, generator: g }).mul_(0.1);
  const xs = Array.from({ length: steps }, (_, t) => randn([batch, input], { generator: new Generator(100 + t) }));
  const h0 = randn([batch, hidden], { generator: new Generator(99) }).mul_(0);
  const params = [Wx, Wh, bias];
  const run = (): number => {
    const v = scope(() => {
      let h = h0;
      for (const x of xs) h = x.matmul(Wx).add(h.matmul(Wh)).add(bias).tanh();
      const loss = h.square().mean();
      loss.backward();
      return loss.item();
    });
    zeroGrad(params);
    return v;
  };
  return { run, dispose: () => { for (const t of [...params, ...xs, h0]) t.dispose(); } };
}

// ---- tfjs ------------------------------------------------------------------------------------------

function tfjsChain(): { run: () => number; dispose: () => void } {
  const b = tf.variable(tf.tensor2d(values([ROWS, COLS], 1), [ROWS, COLS]));
  const c = tf.variable(tf.tensor2d(values([ROWS, COLS], 2), [ROWS, COLS]));
  const x = tf.tensor2d(values([ROWS, COLS], 3), [ROWS, COLS]);
  const run = (): number => {
    const { value, grads } = tf.variableGrads(() => {
      let h: tf.Tensor = x;
      for (let i = 0; i < CHAIN; i += 4) h = h.add(b).mul(c).tanh().sub(b);
      return h.sum() as tf.Scalar;
    });
    const v = value.dataSync()[0];
    // Read a gradient so tfjs cannot defer work past the timer.
    grads[b.name].dataSync();
    value.dispose();
    tf.dispose(grads);
    return v;
  };
  return { run, dispose: () => { b.dispose(); c.dispose(); x.dispose(); } };
}

function tfjsRnn(): { run: () => number; dispose: () => void } {
  const { steps, batch, input, hidden } = RNN;
  const g = new Generator(7);
  const take = (shape: number[], scale: number) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * g.normal());
  const Wx = tf.variable(tf.tensor(take([input, hidden], 0.3), [input, hidden]));
  const Wh = tf.variable(tf.tensor(take([hidden, hidden], 0.1), [hidden, hidden]));
  const bias = tf.variable(tf.tensor(take([hidden], 0.1), [hidden]));
  const xs = Array.from({ length: steps }, (_, t) => tf.tensor(values([batch, input], 100 + t), [batch, input]));
  const h0 = tf.zeros([batch, hidden]);
  const run = (): number => {
    const { value, grads } = tf.variableGrads(() => {
      let h: tf.Tensor = h0;
      for (const x of xs) h = tf.tanh(tf.add(tf.add(tf.matMul(x, Wx), tf.matMul(h, Wh)), bias));
      return tf.mean(tf.square(h)) as tf.Scalar;
    });
    const v = value.dataSync()[0];
    grads[Wh.name].dataSync();
    value.dispose();
    tf.dispose(grads);
    return v;
  };
  return { run, dispose: () => { tf.dispose([Wx, Wh, bias, h0, ...xs]); } };
}

// ---- driver --------------------------------------------------------------------------------------

interface Result {
  name: string;
  unit: string;
  work: number;
  tapegrad: Timing & { perUnitMicros: number; value: number };
  tfjs: Timing & { perUnitMicros: number; value: number };
  speedup: number;
}

function measure(
  name: string, unit: string, work: number, profile: TimingProfile,
  make: { tapegrad: () => { run: () => number; dispose: () => void }; tfjs: () => { run: () => number; dispose: () => void } },
): Result {
  const out = {} as Pick<Result, "tapegrad" | "tfjs">;
  for (const impl of ["tapegrad", "tfjs"] as const) {
    const runner = make[impl]();
    try {
      for (let i = 0; i < 5; i++) runner.run();
      const value = runner.run();
      const t = time(`${name} ${impl}`, () => { runner.run(); }, profile);
      out[impl] = { ...t, perUnitMicros: (t.seconds * 1e6) / work, value };
    } finally {
      runner.dispose();
    }
  }
  return { name, unit, work, ...out, speedup: out.tfjs.seconds / out.tapegrad.seconds };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`);
  if (!(await tf.setBackend("wasm"))) throw new Error("bench:autograd: tfjs could not start its wasm backend");
  const profile = options.quick ? QUICK : FULL;

  const results = [
    measure(`op chain: ${CHAIN} ops on [${ROWS}x${COLS}], forward + backward`, "µs/op", CHAIN, profile, { tapegrad: tapegradChain, tfjs: tfjsChain }),
    measure(`tanh RNN: ${RNN.steps} steps, batch ${RNN.batch}, input ${RNN.input}, hidden ${RNN.hidden}, forward + backward`, "ms/step", 1, profile, { tapegrad: tapegradRnn, tfjs: tfjsRnn }),
  ];

  console.log(`autograd benchmark (tapegrad ${getBackend("wasm").name} float32 vs tfjs ${tf.version.tfjs} ${tf.getBackend()}), ${cpus()[0]?.model ?? "unknown CPU"}`);
  for (const r of results) {
    const show = (v: Result["tapegrad"]) => (r.unit === "µs/op" ? `${v.perUnitMicros.toFixed(2)} µs/op` : `${(v.seconds * 1e3).toFixed(2)} ms`);
    console.log(`\n${r.name}`);
    console.log(`  tapegrad  ${show(r.tapegrad).padStart(12)}  (±${r.tapegrad.rme.toFixed(1)}%, ${r.tapegrad.samples} samples, loss ${r.tapegrad.value.toPrecision(6)})`);
    console.log(`  tfjs-wasm ${show(r.tfjs).padStart(12)}  (±${r.tfjs.rme.toFixed(1)}%, ${r.tfjs.samples} samples, loss ${r.tfjs.value.toPrecision(6)})`);
    console.log(`  speedup   ${r.speedup.toFixed(2)}x ${r.speedup >= 3 ? "(target 3x met)" : "(target 3x NOT met)"}`);
  }
  console.log(`\nlive tapegrad tensors after the run: ${liveTensorCount()}`);
  if (options.json) {
    const report = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, tfjs: tf.version.tfjs, quick: options.quick, results };
    writeFileSync(options.json, JSON.stringify(report, null, 2));
    console.log(`wrote ${options.json}`);
  }
}

await main();
