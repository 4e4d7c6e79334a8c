// tapegrad/onnx: the ONNX exporter (@tapegrad/nn/onnx), kept out of the main entry so that only a
// program that exports loads its protobuf writer; it shares the main entry's module classes.
export * from "@tapegrad/nn/onnx";
