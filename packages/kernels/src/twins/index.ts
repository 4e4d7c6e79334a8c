// The plain TypeScript twins of every kernel: reference for tests, compute of the float64 backend.
export { matmul } from "./matmul";
export { binary, fill, copy, scale, axpy } from "./elementwise";
export { unary, unaryBackward } from "./unary";
export { sumAxis, maxAxis, softmaxRows, logSoftmaxRows, softmaxRowsBackward, logSoftmaxRowsBackward } from "./reductions";
export { lstmCell, lstmHBackward, lstmCBackward, lstmCellBackward, gruCell, gruCellBackward, copyBlocks } from "./cells";
export { adamStep } from "./optim";
