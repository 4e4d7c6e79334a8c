// Unary kernels (assembly/unary.ts) on pointers: out = f(x), and dx += dy·f'(saved). Each op name
// is its export's name (`<op>`, `<op>_backward`), so an op listed in the contract without a
// kernel fails the typecheck here.
import { checkLength, checkNoAlias } from "../checks";
import type { KernelSet } from "../contract";
import type { F32, KernelContext } from "../operands";

export function unaryKernels({ wasm, region }: KernelContext): Pick<KernelSet<F32>, "unary" | "unaryBackward"> {
  return {
    unary(op, out, x) {
      const ro = region(op, "out", out), rx = region(op, "x", x);
      checkLength(op, "out", ro, rx.length, "x and out must have the same length");
      checkNoAlias(op, ro, { x: rx }, true);
      wasm[op](ro.ptr, rx.ptr, rx.length);
    },

    unaryBackward(op, dx, dy, saved) {
      const name = `${op}Backward`;
      const rdx = region(name, "dx", dx), rdy = region(name, "dy", dy), rs = region(name, "saved", saved);
      checkLength(name, "dy", rdy, rdx.length, "dx, dy and the saved tensor must have the same length");
      checkLength(name, "saved", rs, rdx.length, "dx, dy and the saved tensor must have the same length");
      checkNoAlias(name, rdx, { dy: rdy, saved: rs }, true);
      wasm[`${op}_backward`](rdx.ptr, rdy.ptr, rs.ptr, rdx.length);
    },
  };
}
