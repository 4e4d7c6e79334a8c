// kind "pad_sequence": torch.nn.utils.rnn.pad_sequence against padSequence: float sequences (the
// padded batch, the lengths, dL/dseq for L = sum(padded · R)), integer id sequences (Int32Array
// rows), and PyTorch's error for sequences whose feature sizes differ.
import { type Tensor } from "@tapegrad/autograd";
import { padSequence } from "@tapegrad/nn";
import { toTensor, type Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

export const padSequenceKind: KindRunner = (fx: Fixture) => {
  return eachCase("pad_sequence", fx, (c, check, backend) => {
    const opts = { batchFirst: c.batch_first, paddingValue: c.padding_value };
    if (c.error !== undefined) {
      const seqs = (c.shapes as number[][]).map((s) => toTensor({ shape: s, dtype: "float64", data: new Array(s.reduce((a, b) => a * b, 1)).fill(0) }, "seq", backend));
      let message = "";
      try {
        padSequence(seqs);
      } catch (e) {
        message = (e as Error).message;
      }
      check.checked++;
      if (!message) check.failures.push(`no error for shapes ${JSON.stringify(c.shapes)}; PyTorch: ${c.error}`);
      else if (!message.startsWith("padSequence: ")) check.failures.push(`the error does not name padSequence: ${message}`);
      // Same rank: PyTorch's wording exactly. (Mixed ranks: PyTorch's text compares the wrong
      // dimensions, so only the error itself is required.)
      else if (new Set(c.shapes.map((s: number[]) => s.length)).size === 1 && !message.includes(c.error)) check.failures.push(`error "${message}" lacks PyTorch's "${c.error}"`);
      return;
    }
    if (c.ids) {
      const { padded, lengths } = padSequence(c.ids as number[][], opts);
      check.values("lengths", lengths, c.lengths);
      const rows = padded.length, cols = padded[0]?.length ?? 0;
      if (rows !== c.output.shape[0] || cols !== c.output.shape[1]) check.failures.push(`padded ids: ${rows} rows of ${cols}, expected [${c.output.shape.join(", ")}]`);
      else check.values("padded ids", padded.flatMap((r) => Array.from(r)), c.output.data);
      return;
    }
    const seqs: Tensor[] = c.seqs.map((s: unknown, k: number) => toTensor(s, `seqs[${k}]`, backend, true));
    const { padded, lengths } = padSequence(seqs, opts);
    check.values("lengths", lengths, c.lengths);
    check.tensor("padded", padded, c.output);
    padded.mul(toTensor(c.R, "R", backend)).sum().backward();
    seqs.forEach((s, k) => {
      // An empty sequence contributes no values: PyTorch gives it a [0, …] gradient, tapegrad none.
      if (s.size === 0 && !s.grad) check.values(`grad seqs[${k}] (empty)`, [], c.grads[k].data);
      else check.tensor(`grad seqs[${k}]`, s.grad, c.grads[k]);
    });
  });
};
