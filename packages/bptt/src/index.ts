// @tapegrad/bptt: hand-written backpropagation through time for RNN, LSTM and GRU layers, over
// float32 WebAssembly kernels or float64 TypeScript twins; the reference autograd is held to.
export type { Ops, BackendName } from "./ops/ops";
export { JsOps } from "./ops/js";
export { WasmOps } from "./ops/wasm";
export { Layer, GATES, PARAM_NAMES, type Mode, type LayerConfig, type Params, type ParamName } from "./layer";
export { freeWorkspace, type Workspace, type ForwardInputs, type BackwardInputs } from "./workspace";
export { rnnForward, rnnBackward, rnnWorkspace, type RnnWorkspace } from "./rnn";
export { lstmForward, lstmBackward, lstmWorkspace, type LstmWorkspace } from "./lstm";
export { gruForward, gruBackward, gruWorkspace, type GruWorkspace } from "./gru";
export { Recurrent, type RecurrentOutputs } from "./recurrent";
