// Parameter initialisation shared by every layer: PyTorch's defaults, drawn from a seeded generator.
// Every layer checks its size arguments and the total size of its parameters here first, so a
// request that can never fit fails at once with the layer's name instead of deep inside a draw.
import { BACKEND_KIND, describeValue, GENERATOR_KIND, type Generator, getBackend, type OptionSpec, uniform, type BackendName, type Tensor } from "@tapegrad/autograd";
import { shapeStr } from "./util";

/** Options every layer accepts for where its parameters live and how they are drawn. */
export interface ParamOptions {
  backend?: BackendName;
  generator?: Generator;
}

/** The option kinds of ParamOptions, for layers' checkOptions specs. */
export const PARAM_OPTIONS: OptionSpec<ParamOptions> = {
  backend: BACKEND_KIND,
  generator: GENERATOR_KIND,
};

/** A layer's size argument: an integer ≥ `min` (1 for sizes PyTorch rejects at 0), or an Error naming the layer. */
export function checkSizeArg(layer: string, what: string, value: unknown, min = 0): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new Error(`${layer}: ${what} must be ${min > 0 ? "a positive" : "a non-negative"} integer, got ${typeof value === "number" ? value : describeValue(value)}`);
  }
  return value;
}

/**
 * Refuses, before any parameter is made, a layer whose parameters can never fit the backend: one
 * tensor above the backend's element limit, or all of them together above it.
 */
export function checkParamsFit(layer: string, shapes: Record<string, readonly number[]>, opts: ParamOptions): void {
  const be = getBackend(opts.backend);
  let total = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    total += n;
    if (n > be.maxElements) {
      throw new Error(`${layer}: parameter ${name} ${shapeStr(shape)} has ${n} elements, more than the ${be.name} backend can hold (at most ${be.maxElements} ${be.dtype} elements)`);
    }
  }
  if (total > be.maxElements) {
    throw new Error(`${layer}: its parameters have ${total} elements together, more than the ${be.name} backend can hold (at most ${be.maxElements} ${be.dtype} elements)`);
  }
}

/** U(−bound, bound), PyTorch's init for Linear (bound 1/√fan_in) and recurrent layers (1/√H). */
export function uniformParam(shape: number[], bound: number, opts: ParamOptions): Tensor {
  return uniform(shape, -bound, bound, { backend: opts.backend, generator: opts.generator, requiresGrad: true });
}
