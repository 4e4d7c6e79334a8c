// tapegrad as the contestant: nn.LSTM/GRU/RNN (batch-first) → Linear(1) on the last step → MSE,
// backward through the tape, plain SGD — the same task the peers train.
import { scope, tensor } from "@tapegrad/autograd";
import { GRU, Linear, LSTM, MSELoss, RNN, SGD } from "@tapegrad/nn";
import { LEARNING_RATE, taskData, type Task } from "./tasks";

/** `fusedCells: false` trains with the plain-op cells (the reference, for before/after timing). */
export function tapegradTrainer(task: Task, opts: { fusedCells?: boolean } = {}): { step: () => number } {
  const Layer = { lstm: LSTM, gru: GRU, rnn: RNN }[task.cell];
  const rnn = new Layer(task.input, task.hidden, { batchFirst: true, fusedCells: opts.fusedCells ?? true });
  const head = new Linear(task.hidden, 1);
  const params = [...rnn.parameters(), ...head.parameters()];
  const optimizer = new SGD(params, { lr: LEARNING_RATE });
  const loss = new MSELoss();
  const { x, y } = taskData(task);
  const xs = tensor(x, { shape: [task.batch, task.seq, task.input] });
  const ys = tensor(y, { shape: [task.batch, 1] });
  return {
    step: () =>
      scope(() => {
        optimizer.zeroGrad();
        const { output } = rnn.forward(xs);
        const last = output.select(1, task.seq - 1);
        const value = loss.forward(head.forward(last), ys);
        value.backward();
        optimizer.step();
        return value.item();
      }),
  };
}
