// Input checks for the recurrent layers, all before any compute, with PyTorch's wording.
import { type Tensor, checkOptions, type OptionSpec } from "@tapegrad/autograd";
import { backendName, checkTensorArg, shapeStr } from "../util";
import type { RecurrentInput } from "./io";

const RECURRENT_INPUT_OPTIONS: OptionSpec<RecurrentInput> = {
  h0: "any", c0: "any",
  lengths: (v) => (Array.isArray(v) || ArrayBuffer.isView(v) ? null : "must be an array of sequence lengths"),
};

export interface Checked {
  /** The input, 3-D (an unbatched 2-D input gets a batch dimension of 1). */
  x: Tensor;
  T: number;
  B: number;
  unbatched: boolean;
  h0: Tensor | null;
  c0: Tensor | null;
  lengths: number[] | null;
}

interface LayerShape {
  mode: string;
  inputSize: number;
  hiddenSize: number;
  /** Features of h (projSize for a projected LSTM, else hiddenSize). */
  outputSize: number;
  numLayers: number;
  numDirections: number;
  batchFirst: boolean;
  constructor: { name: string };
  parameters(): Tensor[];
}

/** Validates input, initial states and lengths of a recurrent layer; throws a named error. */
export function checkRecurrentInput(
  layer: LayerShape,
  input: Tensor,
  opts: RecurrentInput,
  carried: { h: Tensor; c: Tensor | null } | null,
): Checked {
  const name = layer.constructor.name;
  checkTensorArg(name, "input", input);
  checkOptions(`${name}.forward`, opts, RECURRENT_INPUT_OPTIONS);
  for (const key of ["h0", "c0"] as const) if (opts[key] !== undefined) checkTensorArg(name, key, opts[key]);
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new Error(`${name}: Expected input to be 2D or 3D, got ${input.ndim}D instead (input shape ${shapeStr(input.shape)})`);
  }
  const unbatched = input.ndim === 2;
  const last = input.shape[input.ndim - 1];
  if (last !== layer.inputSize) {
    throw new Error(`${name}: input.size(-1) must be equal to input_size. Expected ${layer.inputSize}, got ${last}`);
  }
  const params = layer.parameters();
  if (params.length && params[0].backend !== input.backend) {
    throw new Error(`${name}: input is on the ${backendName(input)} backend but the parameters are on ${backendName(params[0])}`);
  }
  const x = unbatched ? input.reshape([input.shape[0], 1, last]) : input;
  const T = unbatched ? input.shape[0] : layer.batchFirst ? input.shape[1] : input.shape[0];
  const B = unbatched ? 1 : layer.batchFirst ? input.shape[0] : input.shape[1];
  if (T === 0 || B === 0) throw new Error(`${name}: input ${shapeStr(input.shape)} has an empty sequence or batch`);

  const LD = layer.numLayers * layer.numDirections;
  const state = (t: Tensor | undefined, which: string, H: number): Tensor | null => {
    if (!t) return null;
    const expected = unbatched ? [LD, H] : [LD, B, H];
    if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
      throw new Error(`${name}: Expected ${which} size ${shapeStr(expected)}, got ${shapeStr(t.shape)}`);
    }
    if (t.backend !== input.backend) {
      throw new Error(`${name}: ${which} is on the ${backendName(t)} backend but the input is on ${backendName(input)}`);
    }
    return unbatched ? t.reshape([LD, 1, H]) : t;
  };
  if (opts.c0 && layer.mode !== "LSTM") throw new Error(`${name}: c0 is only for LSTM`);
  if (layer.mode === "LSTM" && !!opts.h0 !== !!opts.c0) throw new Error(`${name}: give both h0 and c0, or neither`);
  let h0 = state(opts.h0, layer.mode === "LSTM" ? "hidden[0]" : "hidden", layer.outputSize);
  let c0 = state(opts.c0, "hidden[1]", layer.hiddenSize);
  if (!h0 && carried) {
    if (carried.h.shape[1] !== B) {
      throw new Error(`${name}: the carried state has batch ${carried.h.shape[1]}, got input batch ${B}; call resetState() first`);
    }
    h0 = carried.h;
    c0 = carried.c;
  }

  let lengths: number[] | null = null;
  if (opts.lengths) {
    lengths = Array.from(opts.lengths);
    if (lengths.length !== B) throw new Error(`${name}: lengths has ${lengths.length} entries, expected one per batch element (${B})`);
    for (const [i, n] of lengths.entries()) {
      if (!Number.isInteger(n) || n < 0 || n > T) {
        throw new Error(`${name}: lengths[${i}] = ${n}: expected an integer in [0, ${T}] (the sequence length)`);
      }
    }
  }
  return { x, T, B, unbatched, h0, c0, lengths };
}
