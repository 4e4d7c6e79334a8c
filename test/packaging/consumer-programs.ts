// The programs a user outside the repository writes against the installed tarballs
// (test/packaging/install-from-tarballs.test.ts compiles, runs and bundles them).

/** Trains an LSTM + Linear head for 20 Adam steps and prints { build, bptt, first, last } as JSON. */
export function trainingProgram(style: "esm" | "cjs" | "ts"): string {
  const imports = {
    esm: `import { Adam, Generator, LSTM, Linear, defaultKernels, mseLoss, scope, tensor } from "tapegrad";\nimport { lstmForward } from "tapegrad/bptt";`,
    cjs: `const { Adam, Generator, LSTM, Linear, defaultKernels, mseLoss, scope, tensor } = require("tapegrad");\nconst { lstmForward } = require("tapegrad/bptt");`,
    ts: `import { Adam, Generator, LSTM, Linear, defaultKernels, mseLoss, scope, tensor, type Tensor } from "tapegrad";\nimport { lstmForward } from "tapegrad/bptt";`,
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
console.log(JSON.stringify({ build, bptt: typeof lstmForward, first: losses[0], last: losses[losses.length - 1] }));
`;
}

/**
 * Three mistakes the types must catch (line → accepted error codes): a tensor assigned to a
 * string, a misspelt option, a method that does not exist. Had the types collapsed to `any`,
 * this would compile.
 */
export const WRONG_PROGRAM = `import { LSTM, tensor } from "tapegrad";
const s: string = tensor([1, 2, 3]);
const lstm = new LSTM(3, 8, { batchFirts: true });
lstm.forward(tensor([[[1, 2, 3]]])).hN.noSuchMethod();
console.log(s);
`;
export const WRONG_PROGRAM_ERRORS: Record<number, string[]> = { 2: ["TS2322"], 3: ["TS2353", "TS2561"], 4: ["TS2339"] };

/** The separate packages together: a Tensor from @tapegrad/autograd goes into @tapegrad/nn's modules. */
export function separatePackagesProgram(style: "esm" | "cjs" | "ts"): string {
  const imports = {
    esm: `import { tensor } from "@tapegrad/autograd";\nimport { Linear, mseLoss } from "@tapegrad/nn";\nimport { defaultKernels } from "@tapegrad/kernels";`,
    cjs: `const { tensor } = require("@tapegrad/autograd");\nconst { Linear, mseLoss } = require("@tapegrad/nn");\nconst { defaultKernels } = require("@tapegrad/kernels");`,
    ts: `import { tensor, type Tensor } from "@tapegrad/autograd";\nimport { Linear, mseLoss } from "@tapegrad/nn";\nimport { defaultKernels } from "@tapegrad/kernels";`,
  }[style];
  return `${imports}
const lin = new Linear(2, 1);
const x${style === "ts" ? ": Tensor" : ""} = tensor([[1, 2], [3, 4]]);
const loss = mseLoss(lin.forward(x), tensor([[1], [0]]));
loss.backward();
console.log(JSON.stringify({ build: defaultKernels().build, loss: loss.item(), grads: lin.parameters().every((p) => p.grad !== null) }));
`;
}

/** For the browser bundle: trains a few steps and leaves the losses in globalThis.result. */
export const BROWSER_PROGRAM = `import { Adam, Generator, LSTM, Linear, mseLoss, scope, tensor, defaultKernels } from "tapegrad";
const g = new Generator(0);
const lstm = new LSTM(3, 8, { batchFirst: true, generator: g });
const head = new Linear(8, 1, { generator: g });
const opt = new Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.05 });
const x = tensor(Array.from({ length: 4 * 5 * 3 }, (_, i) => Math.sin(i)), { shape: [4, 5, 3] });
const y = tensor([[0.5], [-0.5], [0.25], [-0.25]]);
const losses = [];
for (let step = 0; step < 20; step++) losses.push(scope(() => { opt.zeroGrad(); const l = mseLoss(head.forward(lstm.forward(x).hN.select(0, 0)), y); l.backward(); opt.step(); return l.item(); }));
globalThis.result = { build: defaultKernels().build, first: losses[0], last: losses[losses.length - 1] };
`;
