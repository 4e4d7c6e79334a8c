// TensorFlow.js layers as a peer: the same task through tf.layers and model.trainOnBatch, on the
// wasm backend (single-threaded in Node) or the pure-JS cpu backend.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { LEARNING_RATE, taskData, type Task } from "./tasks";

let wasmReady = false;

export async function useTfjsBackend(name: "wasm" | "cpu"): Promise<void> {
  if (name === "wasm" && !wasmReady) {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    setWasmPaths(`${dist}/`);
    wasmReady = true;
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: backend ${name} failed to initialise`);
  await tf.ready();
}

/** Builds the model of `task` and returns one training step (forward, backward, SGD update). */
export function tfjsTrainer(task: Task): { step: () => Promise<number>; dispose: () => void } {
  const recurrent = { lstm: tf.layers.lstm, gru: tf.layers.gru, rnn: tf.layers.simpleRNN }[task.cell];
  const model = tf.sequential();
  // tfjs's GRU applies the reset gate before the recurrent matmul (Keras' original formula), PyTorch
  // and tapegrad after it; the amount of work is the same.
  model.add(recurrent({ units: task.hidden, inputShape: [task.seq, task.input] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: "meanSquaredError" });
  const { x, y } = taskData(task);
  const xs = tf.tensor3d(x, [task.batch, task.seq, task.input]);
  const ys = tf.tensor2d(y, [task.batch, 1]);
  return {
    step: async () => (await model.trainOnBatch(xs, ys)) as number,
    dispose: () => {
      xs.dispose();
      ys.dispose();
      model.dispose();
    },
  };
}
