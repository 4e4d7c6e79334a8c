// tapegrad/bptt: hand-written backpropagation through time (@tapegrad/bptt), sharing the kernel
// instance of the main entry.
export * from "@tapegrad/bptt";
