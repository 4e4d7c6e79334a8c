// Entry point of the kernel module: every export of these files is a kernel over raw pointers into
// linear memory (shared helpers live in vmath.ts and splat.ts, which are not exported). The
// JavaScript side (packages/kernels) owns allocation, validation and views; these functions trust
// their arguments, which is why they are never called directly by users. A kernel added to a
// family file is exported by that alone; scripts/build-wasm.mjs types the exports for the wrappers.
export { heapBase } from "./memory";
export * from "./matmul";
export * from "./elementwise";
export * from "./unary";
export * from "./reductions";
export * from "./cells";
export * from "./optim";
