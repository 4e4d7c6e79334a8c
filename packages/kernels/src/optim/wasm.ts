// Optimizer kernels (assembly/optim.ts) on pointers: one fused Adam/AdamW step per parameter.
import { checkLength, checkNoAlias, type Region } from "../checks";
import type { KernelSet } from "../contract";
import type { F32, KernelContext } from "../operands";

export function optimKernels({ wasm, region }: KernelContext): Pick<KernelSet<F32>, "adamStep"> {
  return {
    adamStep(p, g, m, v, vmax, s) {
      const op = "adamStep";
      const rp = region(op, "p", p), rg = region(op, "g", g), rm = region(op, "m", m), rv = region(op, "v", v);
      const n = rp.length;
      const why = "p, g and the moments must have the same length";
      checkLength(op, "g", rg, n, why); checkLength(op, "m", rm, n, why); checkLength(op, "v", rv, n, why);
      const all: Record<string, Region> = { p: rp, g: rg, m: rm, v: rv };
      let vp = 0;
      if (vmax !== null) {
        const r = region(op, "vmax", vmax);
        checkLength(op, "vmax", r, n, why);
        all.vmax = r;
        vp = r.ptr;
      }
      for (const name in all) {
        const others: Record<string, Region> = {};
        for (const o in all) if (o !== name) others[o] = all[o];
        checkNoAlias(op, all[name], others, false);
      }
      wasm.adam_step(rp.ptr, rg.ptr, rm.ptr, rv.ptr, vp, n, s.stepSize, s.beta1, s.beta2, s.bc2Sqrt, s.eps,
        s.weightDecay, s.decay, s.maximize ? 1 : 0);
    },
  };
}
