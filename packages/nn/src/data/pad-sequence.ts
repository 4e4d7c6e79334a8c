// padSequence: variable-length sequences → one padded batch and the lengths (PyTorch's
// pad_sequence, plus the lengths an RNN's `lengths` option and packing need). Tensors pad with
// differentiable ops (cat, stack); integer id sequences pad into Int32Array rows.
import { cat, full, stack, Tensor } from "@tapegrad/autograd";

export interface PadSequenceOptions {
  /** [B, T, …] instead of [T, B, …] (default false, as PyTorch). */
  batchFirst?: boolean;
  /** Value of the padding (default 0). */
  paddingValue?: number;
}

/** Tensors [L_i, …features] → padded [T, B, …] (or [B, T, …]) with T = max L_i, and each L_i. */
export function padSequence(seqs: readonly Tensor[], opts?: PadSequenceOptions): { padded: Tensor; lengths: number[] };
/** Id sequences → Int32Array rows: B rows of T (batchFirst) or T rows of B, and each length. */
export function padSequence(seqs: readonly ArrayLike<number>[], opts?: PadSequenceOptions): { padded: Int32Array[]; lengths: number[] };
export function padSequence(seqs: readonly (Tensor | ArrayLike<number>)[], opts: PadSequenceOptions = {}): { padded: Tensor | Int32Array[]; lengths: number[] } {
  const op = "padSequence";
  if (!Array.isArray(seqs)) throw new Error(`${op}: expected a list of sequences, got ${typeof seqs}`);
  if (seqs.length === 0) throw new Error(`${op}: received an empty list of sequences`);
  const batchFirst = opts.batchFirst ?? false;
  const value = opts.paddingValue ?? 0;
  if (seqs[0] instanceof Tensor) {
    const ts = seqs as Tensor[];
    const first = ts[0];
    ts.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new Error(`${op}: sequence 0 is a Tensor but sequence ${i} is not`);
      if (t.shape.length === 0) throw new Error(`${op}: sequence ${i} is 0-d; each sequence needs a length dimension [L, …]`);
      if (t.backend !== first.backend) throw new Error(`${op}: sequences live on different backends (${first.backend.name} and ${t.backend.name})`);
      const n = Math.max(first.shape.length, t.shape.length);
      for (let d = 1; d < n; d++) {
        const a = first.shape[d], b = t.shape[d];
        if (a !== b) throw new Error(`${op}: The size of tensor a (${a ?? "none"}) must match the size of tensor b (${b ?? "none"}) at non-singleton dimension ${d} (sequence 0 has shape [${first.shape.join(", ")}], sequence ${i} [${t.shape.join(", ")}])`);
      }
    });
    const lengths = ts.map((t) => t.shape[0]);
    const T = Math.max(...lengths);
    const features = first.shape.slice(1);
    const rows = ts.map((t) => {
      const L = t.shape[0];
      if (L === T) return t;
      const pad = full([T - L, ...features], value, { backend: first.backendName });
      return L === 0 ? pad : cat([t, pad], 0);
    });
    return { padded: stack(rows, batchFirst ? 0 : 1), lengths };
  }
  const lengths = seqs.map((s, i) => {
    if (s instanceof Tensor || typeof (s as ArrayLike<number>).length !== "number") throw new Error(`${op}: sequence ${i} is not an id sequence like sequence 0 (an array or Int32Array)`);
    return (s as ArrayLike<number>).length;
  });
  const T = Math.max(...lengths);
  const B = seqs.length;
  const padded = Array.from({ length: batchFirst ? B : T }, () => new Int32Array(batchFirst ? T : B).fill(value));
  seqs.forEach((s, b) => {
    const ids = s as ArrayLike<number>;
    for (let t = 0; t < ids.length; t++) {
      const v = ids[t];
      if (!Number.isInteger(v)) throw new Error(`${op}: ids must be integers, got ${v} at sequence ${b}, position ${t}`);
      if (batchFirst) padded[b][t] = v;
      else padded[t][b] = v;
    }
  });
  return { padded, lengths };
}
