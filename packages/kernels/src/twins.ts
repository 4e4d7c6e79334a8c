// The plain TypeScript twins of every kernel, as one implementation of the contract: the
// reference the WebAssembly kernels are tested against, and the compute of the float64 backends.
// Typed as a KernelSet, so a kernel added to the contract without its twin fails the typecheck.
import * as cells from "./cells/twin";
import type { FloatArray, KernelSet } from "./contract";
import * as elementwise from "./elementwise/twin";
import * as matmul from "./matmul/twin";
import * as optim from "./optim/twin";
import * as reductions from "./reductions/twin";
import * as unary from "./unary/twin";

export const twins: KernelSet<FloatArray> = { ...matmul, ...elementwise, ...unary, ...reductions, ...cells, ...optim };
