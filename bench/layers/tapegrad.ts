// tapegrad as the contestant: nn.LSTM/GRU/RNN (batch-first) → Linear(1) on the last step → MSE,
// backward through the tape, plain SGD — the same task the peers train. The step runs through
// DataParallel at every thread count (getNumThreads(), set by TAPEGRAD_NUM_THREADS), so 1 and 2
// threads time the same code; on one thread DataParallel is the plain step.
import { tensor } from "@tapegrad/autograd";
import { DataParallel, FinalHidden, GRU, Linear, LSTM, RNN, Sequential, SGD } from "@tapegrad/nn";
import { LEARNING_RATE, taskData, type Task } from "./tasks";

/** `fusedCells: false` trains with the plain-op cells (the reference, for before/after timing). */
export function tapegradTrainer(task: Task, opts: { fusedCells?: boolean } = {}): { step: () => Promise<number>; dispose: () => void } {
  const Layer = { lstm: LSTM, gru: GRU, rnn: RNN }[task.cell];
  // FinalHidden is the last step's output of a one-layer, one-direction layer.
  const model = new Sequential(new Layer(task.input, task.hidden, { batchFirst: true, fusedCells: opts.fusedCells ?? true }), new FinalHidden(), new Linear(task.hidden, 1));
  const optimizer = new SGD(model.parameters(), { lr: LEARNING_RATE });
  const parallel = new DataParallel(model, { loss: "mse" });
  const { x, y } = taskData(task);
  const xs = tensor(x, { shape: [task.batch, task.seq, task.input] });
  const ys = tensor(y, { shape: [task.batch, 1] });
  return {
    step: async () => {
      optimizer.zeroGrad();
      const loss = await parallel.backward(xs, ys);
      optimizer.step();
      return loss;
    },
    dispose: () => parallel.dispose(),
  };
}
