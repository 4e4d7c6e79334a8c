// Entry point of the kernel module: every export here is a kernel over raw pointers into linear
// memory. The JavaScript side (packages/kernels) owns allocation, validation and views; these
// functions trust their arguments, which is why they are never called directly by users.
export { heapBase } from "./memory";
export { matmul } from "./matmul";
export {
  add_strided, sub_strided, mul_strided, div_strided, max_strided, min_strided,
  fill, copy, scale, axpy, copy_blocks,
} from "./elementwise";
export {
  relu, relu_backward, gelu, gelu_backward, exp, log, sqrt, abs, neg,
  tanh, tanh_backward, sigmoid, sigmoid_backward,
} from "./unary";
export { sum_axis, max_axis, softmax_rows, log_softmax_rows, softmax_rows_backward, log_softmax_rows_backward } from "./reductions";
export { lstm_cell, lstm_h_backward, lstm_c_backward, lstm_cell_backward, gru_cell, gru_cell_backward } from "./cells";
export { adam_step } from "./optim";
