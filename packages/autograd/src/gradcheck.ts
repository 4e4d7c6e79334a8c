// Central finite differences in float64 against backward(), per input.
import { getBackend } from "./backend/index";
import { noGrad, scope } from "./scope";
import { Tensor } from "./tensor";
import { Generator } from "./generator";
import { mul } from "./ops/elementwise";
import { sum } from "./ops/reduce";
import { checkOptions, type OptionSpec } from "./options";
import { backward } from "./tape";

export interface GradcheckOptions {
  /** Step of the central difference (default 1e-6). */
  eps?: number;
  /** An element passes when |analytic − numeric| <= atol + rtol·|numeric| (defaults 1e-6, 1e-5). */
  atol?: number;
  rtol?: number;
  /** Seed of the fixed random weights that reduce a non-scalar output to a scalar. */
  seed?: number;
}

const GRADCHECK_OPTIONS: OptionSpec<GradcheckOptions> = { eps: "number", atol: "number", rtol: "number", seed: "integer" };

export interface GradcheckResult {
  ok: boolean;
  /** Worst absolute and relative error over each input's elements. */
  perInput: { maxAbs: number; maxRel: number }[];
}

/**
 * Checks the gradients of fn at `inputs` by central differences. Everything runs on float64 (js)
 * copies of the inputs; a non-scalar output is reduced as Σ out·R with fixed random R.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const options = checkOptions("gradcheck", opts, GRADCHECK_OPTIONS);
  const eps = options.eps ?? 1e-6, atol = options.atol ?? 1e-6, rtol = options.rtol ?? 1e-5;
  const js = getBackend("js");
  return scope(() => {
    const xs = inputs.map((t) => {
      const c = new Tensor(js, t.shape, js.fromValues(t.backend.view(t.storeFor("gradcheck"))));
      c.requiresGrad = true;
      return c;
    });
    let weights: Float64Array | null = null;
    const objective = (): Tensor => {
      const out = fn(...xs);
      if (!(out instanceof Tensor)) throw new Error("gradcheck: fn must return a Tensor");
      if (out.backend !== js) throw new Error("gradcheck: fn must keep its result on the inputs' backend (js)");
      if (out.size === 1) return out;
      if (weights === null) {
        const g = new Generator(options.seed ?? 1234);
        weights = Float64Array.from({ length: out.size }, () => g.normal());
      }
      return sum(mul(out, new Tensor(js, out.shape, js.fromValues(weights))));
    };
    const value = (): number => scope(() => noGrad(() => objective().item()));
    scope(() => backward(objective(), undefined));
    const perInput = xs.map((x) => {
      const analytic = x.grad ? x.grad.data() : new Float64Array(x.size);
      const v = js.view(x._store!);
      let maxAbs = 0, maxRel = 0, ok = true;
      for (let i = 0; i < x.size; i++) {
        const orig = v[i];
        v[i] = orig + eps; const up = value();
        v[i] = orig - eps; const down = value();
        v[i] = orig;
        const numeric = (up - down) / (2 * eps);
        const err = Math.abs(analytic[i] - numeric);
        maxAbs = Math.max(maxAbs, err);
        maxRel = Math.max(maxRel, err / Math.max(Math.abs(numeric), Math.abs(analytic[i]), 1e-12));
        if (!(err <= atol + rtol * Math.abs(numeric))) ok = false;
      }
      return { maxAbs, maxRel, ok };
    });
    for (const x of xs) { x.grad?.dispose(); x.dispose(); }
    return { ok: perInput.every((p) => p.ok), perInput: perInput.map(({ maxAbs, maxRel }) => ({ maxAbs, maxRel })) };
  });
}
