// The programs a user outside the repository writes against the installed tarballs
// (test/packaging/install-from-tarballs.test.ts compiles, runs and bundles them).

/**
 * Trains an LSTM + Linear head for 20 Adam steps, exports the LSTM with tapegrad/onnx, and prints
 * { build, bptt, first, last, onnx } as JSON (onnx: the model's first two bytes, 8 8 = ir_version 8).
 */
export function trainingProgram(style: "esm" | "cjs" | "ts"): string {
  const imports = {
    esm: `import { Adam, Generator, LSTM, Linear, defaultKernels, mseLoss, scope, tensor } from "tapegrad";\nimport { lstmForward } from "tapegrad/bptt";\nimport { exportOnnx } from "tapegrad/onnx";`,
    cjs: `const { Adam, Generator, LSTM, Linear, defaultKernels, mseLoss, scope, tensor } = require("tapegrad");\nconst { lstmForward } = require("tapegrad/bptt");\nconst { exportOnnx } = require("tapegrad/onnx");`,
    ts: `import { Adam, Generator, LSTM, Linear, defaultKernels, mseLoss, scope, tensor, type Tensor } from "tapegrad";\nimport { lstmForward } from "tapegrad/bptt";\nimport { exportOnnx, type OnnxExportOptions } from "tapegrad/onnx";`,
  }[style];
  const t = (type: string) => (style === "ts" ? `: ${type}` : "");
  return `${imports}
const g = new Generator(0);
const lstm = new LSTM(3, 8, { batchFirst: true, generator: g });
const head = new Linear(8, 1, { generator: g });
const opt = new Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.05 });
const x${t("Tensor")} = tensor(Array.from({ length: 4 * 5 * 3 }, (_, i) => Math.sin(i)), { shape: [4, 5, 3] });
const y = tensor([[0.5], [-0.5], [0.25], [-0.25]]);
const losses${t("number[]")} = [];
for (let step = 0; step < 20; step++) {
  losses.push(scope(() => {
    opt.zeroGrad();
    const l = mseLoss(head.forward(lstm.forward(x).hN.select(0, 0)), y);
    l.backward();
    opt.step();
    return l.item();
  }));
}
const build${t("string")} = defaultKernels().build;
const exportOptions${t("OnnxExportOptions")} = { inputShape: [4, 5, 3] };
const onnx${t("Uint8Array")} = exportOnnx(lstm, exportOptions);
console.log(JSON.stringify({ build, bptt: typeof lstmForward, first: losses[0], last: losses[losses.length - 1], onnx: [onnx[0], onnx[1]] }));
`;
}

/**
 * Four mistakes the types must catch (line → accepted error codes): a tensor assigned to a
 * string, a misspelt option, a method that does not exist, a misspelt option of the exporter
 * (tapegrad/onnx). Had the types collapsed to `any`, this would compile.
 */
export const WRONG_PROGRAM = `import { LSTM, tensor } from "tapegrad";
import { exportOnnx } from "tapegrad/onnx";
const s: string = tensor([1, 2, 3]);
const lstm = new LSTM(3, 8, { batchFirts: true });
lstm.forward(tensor([[[1, 2, 3]]])).hN.noSuchMethod();
exportOnnx(lstm, { inputShape: [5, 1, 3], dynamicAxis: { 0: "sequence" } });
console.log(s);
`;
export const WRONG_PROGRAM_ERRORS: Record<number, string[]> = { 3: ["TS2322"], 4: ["TS2353", "TS2561"], 5: ["TS2339"], 6: ["TS2353", "TS2561"] };

/**
 * The separate packages together: a Tensor from @tapegrad/autograd goes into @tapegrad/nn's
 * modules, and @tapegrad/nn/onnx exports the layer (with readOnnxMetadata reading it back).
 */
export function separatePackagesProgram(style: "esm" | "cjs" | "ts"): string {
  const imports = {
    esm: `import { tensor } from "@tapegrad/autograd";\nimport { Linear, mseLoss } from "@tapegrad/nn";\nimport { exportOnnx, readOnnxMetadata } from "@tapegrad/nn/onnx";\nimport { defaultKernels } from "@tapegrad/kernels";`,
    cjs: `const { tensor } = require("@tapegrad/autograd");\nconst { Linear, mseLoss } = require("@tapegrad/nn");\nconst { exportOnnx, readOnnxMetadata } = require("@tapegrad/nn/onnx");\nconst { defaultKernels } = require("@tapegrad/kernels");`,
    ts: `import { tensor, type Tensor } from "@tapegrad/autograd";\nimport { Linear, mseLoss } from "@tapegrad/nn";\nimport { exportOnnx, readOnnxMetadata } from "@tapegrad/nn/onnx";\nimport { defaultKernels } from "@tapegrad/kernels";`,
  }[style];
  return `${imports}
const lin = new Linear(2, 1);
const x${style === "ts" ? ": Tensor" : ""} = tensor([[1, 2], [3, 4]]);
const loss = mseLoss(lin.forward(x), tensor([[1], [0]]));
loss.backward();
const onnx${style === "ts" ? ": Record<string, string>" : ""} = readOnnxMetadata(exportOnnx(lin, { inputShape: [2, 2], metadata: { note: "separate" } }));
console.log(JSON.stringify({ build: defaultKernels().build, loss: loss.item(), grads: lin.parameters().every((p) => p.grad !== null), onnxNote: onnx.note }));
`;
}

// onnx-proto and protobufjs, as a module of their own (a file under node_modules) or compiled into
// a bundle, where esbuild names each wrapped CommonJS module's function after the module's path.
const PROTOBUF_CODE = "/onnx-proto|protobufjs/";

/**
 * Imports `main` (a package's main entry), then `onnx` (its ONNX subpath), and prints whether any
 * code of onnx-proto/protobufjs had run after each, from V8's precise coverage (call counts of
 * every function of every script); then exports a model with the subpath's exportOnnx.
 */
export function onnxLoadProgram(style: "esm" | "cjs", main: string, onnx: string): string {
  const body = `const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
  const protobufRan = async () => {
    const { result } = await session.post("Profiler.takePreciseCoverage");
    return result.some((s) => ${PROTOBUF_CODE}.test(s.url) || s.functions.some((f) => ${PROTOBUF_CODE}.test(f.functionName) && f.ranges[0].count > 0));
  };
  const nn = ${style === "esm" ? "await import" : "require"}(${JSON.stringify(main)});
  const afterMain = await protobufRan();
  const { exportOnnx } = ${style === "esm" ? "await import" : "require"}(${JSON.stringify(onnx)});
  const bytes = exportOnnx(new nn.Sequential(new nn.GRU(3, 4, { batchFirst: true }), new nn.FinalHidden(), new nn.Linear(4, 1)), { inputShape: [1, 5, 3] });
  console.log(JSON.stringify({ afterMain, afterOnnx: await protobufRan(), onnx: [bytes[0], bytes[1]] }));`;
  return style === "esm"
    ? `import { Session } from "node:inspector/promises";\n${body.replaceAll("\n  ", "\n")}\n`
    : `const { Session } = require("node:inspector/promises");\n(async () => {\n  ${body}\n})();\n`;
}

/** For the browser bundle: trains a few steps, exports the LSTM to ONNX, and leaves the losses and the model's first bytes in globalThis.result. */
export const BROWSER_PROGRAM = `import { Adam, Generator, LSTM, Linear, mseLoss, scope, tensor, defaultKernels } from "tapegrad";
import { exportOnnx } from "tapegrad/onnx";
const g = new Generator(0);
const lstm = new LSTM(3, 8, { batchFirst: true, generator: g });
const head = new Linear(8, 1, { generator: g });
const opt = new Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.05 });
const x = tensor(Array.from({ length: 4 * 5 * 3 }, (_, i) => Math.sin(i)), { shape: [4, 5, 3] });
const y = tensor([[0.5], [-0.5], [0.25], [-0.25]]);
const losses = [];
for (let step = 0; step < 20; step++) losses.push(scope(() => { opt.zeroGrad(); const l = mseLoss(head.forward(lstm.forward(x).hN.select(0, 0)), y); l.backward(); opt.step(); return l.item(); }));
const onnx = exportOnnx(lstm, { inputShape: [4, 5, 3] });
globalThis.result = { build: defaultKernels().build, first: losses[0], last: losses[losses.length - 1], onnx: [onnx[0], onnx[1]] };
`;
