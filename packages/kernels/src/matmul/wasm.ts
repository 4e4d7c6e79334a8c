// matmul on the WebAssembly kernel (assembly/matmul.ts): checks sizes and aliasing, then passes
// bare pointers; no operand is copied. The kernel packs panels into a scratch block of this
// instance, kept between calls and grown when a wider n needs more.
import type { F32Buffer } from "../buffer";
import { checkLength, checkNoAlias, checkSize } from "../checks";
import type { KernelSet } from "../contract";
import type { F32, KernelContext } from "../operands";
import type { MatmulThreads } from "../threads/shared-matmul";

/** Rows of op(B) packed per K-block by the matmul kernel (assembly/matmul.ts KC). */
export const MATMUL_KC = 256;
/** Width of a packed B panel (assembly/matmul.ts NR). */
export const MATMUL_NR = 8;
/** Rows of a packed op(A) block (assembly/matmul.ts MC). */
export const MATMUL_MC = 128;
/** Rows of the register tile (assembly/matmul.ts MR); one tile of scratch takes partial stores. */
export const MATMUL_MR = 4;

/** Floats of matmul scratch for n columns: op(B)'s packed K-block, op(A)'s packed M-block, one tile. */
export function matmulScratchLength(n: number): number {
  return MATMUL_KC * (Math.ceil(n / MATMUL_NR) * MATMUL_NR + MATMUL_MC) + MATMUL_MR * MATMUL_NR;
}

export function matmulKernels(ctx: KernelContext & { matmulThreads?: MatmulThreads | null }): Pick<KernelSet<F32>, "matmul"> {
  const { wasm, region } = ctx;
  const threads = ctx.matmulThreads ?? null;
  // Each kernel thread packs into scratch of its own, allocated here (workers allocate nothing).
  const workerScratch: (F32Buffer | null)[] = [];
  const workerScratchFor = (worker: number, n: number): number => {
    const need = matmulScratchLength(n);
    let s = workerScratch[worker] ?? null;
    if (!s || s.length < need) {
      s?.free();
      s = workerScratch[worker] = ctx.alloc(need, false);
    }
    return s.ptr;
  };
  let scratch: F32Buffer | null = null;
  const scratchFor = (n: number): number => {
    const need = matmulScratchLength(n);
    if (!scratch || scratch.length < need) {
      scratch?.free();
      scratch = ctx.alloc(need, false);
    }
    return scratch.ptr;
  };

  return {
    matmul(a, b, c, dims, bias = null) {
      const op = "matmul";
      const { m, n, k, transA = false, transB = false, accumulate = false } = dims;
      checkSize(op, "m", m); checkSize(op, "n", n); checkSize(op, "k", k);
      const ra = region(op, "a", a), rb = region(op, "b", b), rc = region(op, "c", c);
      checkLength(op, "a", ra, m * k, () => `A is ${transA ? `[${k}, ${m}] (transposed)` : `[${m}, ${k}]`}`);
      checkLength(op, "b", rb, k * n, () => `B is ${transB ? `[${n}, ${k}] (transposed)` : `[${k}, ${n}]`}`);
      checkLength(op, "c", rc, m * n, () => `C is [${m}, ${n}]`);
      let biasPtr = 0, biasRowBytes = 0;
      if (bias === null) {
        checkNoAlias(op, rc, { a: ra, b: rb }, false);
      } else {
        const rbias = region(op, "bias", bias);
        // One row for every row of C, or a whole [m, n] (the same thing when m = 1).
        if (rbias.length === m * n) biasRowBytes = n * 4;
        else checkLength(op, "bias", rbias, n, () => `a bias of [${n}] (one per column) or [${m}, ${n}] (C's shape)`);
        checkNoAlias(op, rc, { a: ra, b: rb, bias: rbias }, false);
        biasPtr = rbias.ptr;
      }
      // The scratch may grow memory; the operands' addresses were read above, so views going
      // stale at that moment is harmless.
      const scratchPtr = scratchFor(n);
      if (threads !== null && !transA) {
        const call = { transB, m, n, k, a: ra.ptr, b: rb.ptr, c: rc.ptr, accumulate, bias: biasPtr, biasRowBytes };
        // Worker scratch is allocated before any pointer goes out: allocation may grow memory.
        const split = threads.run(call, (w) => workerScratchFor(w, n), (p) =>
          wasm.matmul(0, +p.transB, p.m, p.n, p.k, p.a, p.b, p.c, +p.accumulate, scratchPtr, p.bias, p.biasRowBytes));
        if (split) return;
      }
      wasm.matmul(+transA, +transB, m, n, k, ra.ptr, rb.ptr, rc.ptr, +accumulate, scratchPtr, biasPtr, biasRowBytes);
    },
  };
}
