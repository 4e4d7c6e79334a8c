// The ONNX protobuf, written by onnx-proto (protobufjs code generated from onnx's published
// onnx.proto, ONNX 1.10: IR version 8, operator sets up to 15) rather than a hand-rolled encoder.
// This file is the only one that touches it.
import * as onnxProto from "onnx-proto";

// onnx-proto is CommonJS (module.exports = { onnx }): bundlers expose `onnx` as a named export,
// Node's ESM loader only under `default`.
type OnnxNamespace = typeof onnxProto.onnx;
const onnx: OnnxNamespace = (onnxProto as { onnx?: OnnxNamespace }).onnx ?? (onnxProto as unknown as { default: { onnx: OnnxNamespace } }).default.onnx;

export type Dim = number | string;
export type ElemType = "float32" | "int64" | "int32";
export type AttrValue = number | string | number[] | string[] | { floats: number[] };

const ELEM: Record<ElemType, number> = { float32: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64, int32: onnx.TensorProto.DataType.INT32 };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attrs: Record<string, AttrValue>;
}

export interface InitializerSpec {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface ValueSpec {
  name: string;
  elem: ElemType;
  shape: Dim[];
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: InitializerSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  opset: number;
  docString: string;
  /** String pairs stored in the model's metadata_props. */
  metadata: Record<string, string>;
}

const AT = onnx.AttributeProto.AttributeType;
const utf8 = (s: string) => new TextEncoder().encode(s);

function attribute(name: string, v: AttrValue): onnxProto.onnx.IAttributeProto {
  if (typeof v === "number") return Number.isInteger(v) ? { name, type: AT.INT, i: v } : { name, type: AT.FLOAT, f: v };
  if (typeof v === "string") return { name, type: AT.STRING, s: utf8(v) };
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { name, type: AT.STRINGS, strings: (v as string[]).map(utf8) };
  if (Array.isArray(v)) return { name, type: AT.INTS, ints: v as number[] };
  return { name, type: AT.FLOATS, floats: v.floats };
}

function valueInfo(v: ValueSpec): onnxProto.onnx.IValueInfoProto {
  const dim = v.shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d }));
  return { name: v.name, type: { tensorType: { elemType: ELEM[v.elem], shape: { dim } } } };
}

/** The model file's bytes for a graph. */
export function encodeModel(g: GraphSpec, producerVersion: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "tapegrad",
    producerVersion,
    docString: g.docString,
    opsetImport: [{ domain: "", version: g.opset }],
    metadataProps: Object.entries(g.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: g.name,
      node: g.nodes.map((n) => ({ opType: n.op, name: n.name, input: n.inputs, output: n.outputs, attribute: Object.entries(n.attrs).map(([k, v]) => attribute(k, v)) })),
      initializer: g.initializers.map((t) => ({
        name: t.name,
        dims: t.dims,
        dataType: t.data instanceof Float32Array ? ELEM.float32 : ELEM.int64,
        rawData: littleEndianBytes(t.data),
      })),
      input: g.inputs.map(valueInfo),
      output: g.outputs.map(valueInfo),
    },
  });
  // protobufjs hands back a Node Buffer where Buffer exists: give every caller a plain Uint8Array.
  const bytes = onnx.ModelProto.encode(model).finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else data.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return out;
}

/** The metadata_props of an ONNX model's bytes, as a record. */
export function decodeMetadata(bytes: Uint8Array): Record<string, string> {
  const model = onnx.ModelProto.decode(bytes);
  return Object.fromEntries(model.metadataProps.map((p) => [p.key ?? "", p.value ?? ""]));
}
