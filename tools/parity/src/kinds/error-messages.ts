// kind "error_messages": PyTorch's exception text for bad input, against tapegrad's error for the
// same mistake. Each case name maps to tapegrad's equivalent call here; its error must contain
// PyTorch's text (a trailing period dropped) and start with the name of what refused it.
import { gelu, zeros } from "@tapegrad/autograd";
import { Embedding, GELU, GRU, LayerNorm, LSTM, padSequence, RNN, SGD } from "@tapegrad/nn";
import type { Fixture } from "../fixture";
import { eachCase, type KindRunner } from "./types";

const params = () => [0, 1, 2].map(() => zeros([2], { requiresGrad: true }));

/** tapegrad's call for each case, and the prefix its message starts with. */
const CALLS: Record<string, [string, () => unknown]> = {
  lstm_proj_size_not_smaller: ["LSTM: ", () => new LSTM(3, 4, { projSize: 4 })],
  lstm_proj_size_negative: ["LSTM: ", () => new LSTM(3, 4, { projSize: -1 })],
  gru_proj_size: ["GRU: ", () => new GRU(3, 4, { projSize: 2 } as never)],
  rnn_proj_size: ["RNN: ", () => new RNN(3, 4, { projSize: 2 } as never)],
  gelu_bad_approximate: ["gelu: ", () => gelu(zeros([2]), { approximate: "erf" as never })],
  GELU_bad_approximate: ["GELU: ", () => new GELU({ approximate: "erf" as never }).forward(zeros([2]))],
  embedding_padding_idx_too_large: ["Embedding: ", () => new Embedding(5, 2, { paddingIdx: 5 })],
  embedding_padding_idx_too_small: ["Embedding: ", () => new Embedding(5, 2, { paddingIdx: -6 })],
  optimizer_state_dict_group_size: ["SGD.loadStateDict: ", () => {
    const p = params();
    new SGD(p.slice(0, 2), { lr: 0.1 }).loadStateDict(new SGD(p, { lr: 0.1 }).stateDict());
  }],
  optimizer_state_dict_group_count: ["SGD.loadStateDict: ", () => {
    const p = params();
    new SGD(p.slice(0, 2), { lr: 0.1 }).loadStateDict(new SGD([{ params: p.slice(0, 1) }, { params: p.slice(1, 2) }], { lr: 0.1 }).stateDict());
  }],
  layer_norm_input_shape: ["LayerNorm: ", () => new LayerNorm(4).forward(zeros([2, 3]))],
  pad_sequence_mixed_feature_sizes: ["padSequence: ", () => padSequence([zeros([2, 3]), zeros([3, 4])])],
};

export const errorMessages: KindRunner = (fx: Fixture) => {
  return eachCase("error_messages", fx, (c, check) => {
    const entry = CALLS[c.name];
    if (!entry) throw new Error(`error_messages: no tapegrad call for case "${c.name}" (${c.torch_call})`);
    const [prefix, call] = entry;
    let message = "";
    try {
      call();
    } catch (e) {
      message = (e as Error).message;
    }
    check.checked++;
    const want = String(c.error).replace(/\.$/, "");
    if (!message) check.failures.push(`no error; PyTorch's ${c.torch_call} raises ${c.type}: ${c.error}`);
    else if (!message.startsWith(prefix)) check.failures.push(`error "${message}" does not start with "${prefix}"`);
    else if (!message.includes(want)) check.failures.push(`error "${message}" lacks PyTorch's "${want}"`);
  });
};
