// @tapegrad/nn/onnx: the ONNX exporter, a subpath of its own because its protobuf writer
// (onnx-proto on protobufjs, ~340 KB) is more than the rest of nn together; `import "@tapegrad/nn"`
// does not load it.
export { exportOnnx, exportOnnxFile, readOnnxMetadata, type OnnxExportOptions } from "./export";
export { exportableTypes } from "./modules";
