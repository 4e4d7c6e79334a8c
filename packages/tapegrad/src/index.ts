// tapegrad: the whole framework in one package, the way @tensorflow/tfjs gathers its parts —
// autograd's Tensor and ops, nn's modules, losses, optimizers and checkpoints, and the kernels.
// Published, the parts are compiled in (nothing else to install); in the workspace these are the
// packages' sources. The hand-written BPTT reference is the subpath "tapegrad/bptt".
export * from "@tapegrad/autograd";
export * from "@tapegrad/kernels";
export * from "@tapegrad/nn";
