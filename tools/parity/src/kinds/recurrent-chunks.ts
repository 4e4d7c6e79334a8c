// kind "recurrent_chunks": one LSTM over consecutive chunks, each chunk started from the previous
// chunk's final (h, c) without its history (truncated BPTT), one loss over all chunks. Run twice:
// a `stateful` layer carrying the state itself, and a plain layer given h0/c0 = the detached state.
import type { BackendName, Tensor } from "@tapegrad/autograd";
import type { LSTM, RecurrentOutput } from "@tapegrad/nn";
import type { Checker } from "../compare";
import { toTensor, type Fixture } from "../fixture";
import { buildRecurrent } from "./recurrent";
import type { KindRunner } from "./types";

function runChunks(fx: Fixture, check: Checker, backend: BackendName, stateful: boolean): void {
  if (!Array.isArray(fx.chunks) || fx.chunks.length < 2) throw new Error(`recurrent_chunks: "chunks" must list at least two chunks`);
  const layer = buildRecurrent(fx, check, backend, stateful) as LSTM;
  const h0 = toTensor(fx.inputs.h0, "inputs.h0", backend, true);
  const c0 = toTensor(fx.inputs.c0, "inputs.c0", backend, true);
  let prev: RecurrentOutput | null = null;
  let total: Tensor | null = null;
  const xs: Tensor[] = [];
  fx.chunks.forEach((chunk: Record<string, any>, k: number) => {
    const x = toTensor(chunk.x, `chunks[${k}].x`, backend, true);
    xs.push(x);
    // Chunk 0 starts from the given state (which overrides a stateful layer's carry); later chunks
    // from the carried state (stateful) or from the previous final state passed explicitly, detached.
    const state = k === 0 ? { h0, c0 } : stateful ? {} : { h0: prev!.hN.detach(), c0: prev!.cN!.detach() };
    const out: RecurrentOutput = layer.forward(x, state);
    const lw = chunk.loss_weights;
    const loss = out.output.mul(toTensor(lw.R, "R", backend)).sum().add(out.hN.mul(toTensor(lw.S, "S", backend)).sum()).add(out.cN!.mul(toTensor(lw.Q, "Q", backend)).sum());
    check.tensor(`chunk ${k} output`, out.output, chunk.output);
    check.tensor(`chunk ${k} h_n`, out.hN, chunk.h_n);
    check.tensor(`chunk ${k} c_n`, out.cN, chunk.c_n);
    check.scalar(`chunk ${k} loss`, loss.item(), chunk.loss);
    total = total ? total.add(loss) : loss;
    prev = out;
  });
  total!.backward();
  check.scalar("loss", total!.item(), fx.loss);
  fx.chunks.forEach((chunk: Record<string, any>, k: number) => check.tensor(`chunk ${k} grad x`, xs[k].grad, chunk.grad_x));
  const params = layer.stateDict();
  for (const [k, want] of Object.entries(fx.grads)) check.tensor(`grad ${k}`, k === "h0" ? h0.grad : k === "c0" ? c0.grad : params[k]?.grad, want);
}

export const recurrentChunks: KindRunner = (fx: Fixture) => [
  { name: "stateful", run: (check, backend) => runChunks(fx, check, backend, true) },
  { name: "given_state", run: (check, backend) => runChunks(fx, check, backend, false) },
];
