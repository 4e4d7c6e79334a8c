// Parameter initialisation shared by every layer: PyTorch's defaults, drawn from a seeded generator.
import { Generator, uniform, type BackendName, type Tensor } from "@tapegrad/autograd";

/** Options every layer accepts for where its parameters live and how they are drawn. */
export interface ParamOptions {
  backend?: BackendName;
  generator?: Generator;
}

/** U(−bound, bound), PyTorch's init for Linear (bound 1/√fan_in) and recurrent layers (1/√H). */
export function uniformParam(shape: number[], bound: number, opts: ParamOptions): Tensor {
  return uniform(shape, -bound, bound, { backend: opts.backend, generator: opts.generator, requiresGrad: true });
}
