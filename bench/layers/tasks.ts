// The training tasks of the layer benchmark, identical for every library: a recurrent layer over
// [batch, seq, input], a Dense(1) on the last step's output, mean squared error, one plain SGD
// update per step. Data are fixed pseudo-random values so every library sees the same numbers.

export type Cell = "lstm" | "gru" | "rnn";

export interface Task {
  name: string;
  cell: Cell;
  batch: number;
  seq: number;
  input: number;
  hidden: number;
  /** Large tasks are skipped for the slowest peers unless --full is given. */
  large: boolean;
}

export const TASKS: Task[] = [
  { name: "LSTM small", cell: "lstm", batch: 32, seq: 50, input: 8, hidden: 64, large: false },
  { name: "GRU small", cell: "gru", batch: 32, seq: 50, input: 8, hidden: 64, large: false },
  { name: "SimpleRNN small", cell: "rnn", batch: 32, seq: 50, input: 8, hidden: 64, large: false },
  { name: "LSTM large", cell: "lstm", batch: 64, seq: 100, input: 32, hidden: 128, large: true },
];

export const LEARNING_RATE = 0.01;

/** x [batch, seq, input] (batch-first) and y [batch, 1], from a fixed linear congruential stream. */
export function taskData(task: Task): { x: Float32Array; y: Float32Array } {
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const x = new Float32Array(task.batch * task.seq * task.input).map(next);
  const y = new Float32Array(task.batch).map(next);
  return { x, y };
}
