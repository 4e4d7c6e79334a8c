import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createKernels, defaultKernels, detectBuild, supportsBuild } from "../src/index";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("build selection", () => {
  it("Node 20 without flags runs SIMD128 but not relaxed SIMD, and the default instance uses it", () => {
    expect(supportsBuild("simd")).toBe(true);
    expect(supportsBuild("scalar")).toBe(true);
    expect(supportsBuild("relaxed")).toBe(process.execArgv.some((a) => a.includes("relaxed-simd")));
    expect(detectBuild()).toBe("simd");
    expect(defaultKernels().build).toBe("simd");
  });

  it("refuses a build the engine cannot run, by name", () => {
    expect(() => createKernels({ build: "relaxed" })).toThrow("kernels: this engine cannot run the 'relaxed' build");
  });

  it("picks the relaxed-SIMD build where the engine enables it, and its fused multiply-adds compute the same", () => {
    // The relaxed build differs from the SIMD one where it uses relaxed_madd: the matmul and the
    // exp polynomial under tanh, sigmoid and the cells. Those are checked here against the twins,
    // with the tolerances the SIMD build is held to (vitest's workers do not inherit the flag).
    const script = `
      import { createKernels, detectBuild, twins } from "./packages/kernels/src/index.ts";
      const k = createKernels();
      const worst = (got, ref, rel) => {
        let e = 0;
        for (let i = 0; i < ref.length; i++) e = Math.max(e, Math.abs(ref[i] - got[i]) / (rel ? Math.max(Math.abs(ref[i]), 1e-30) : 1));
        return e;
      };
      const m = 9, n = 13, kk = 300;
      const a = k.fromArray(Array.from({ length: m * kk }, (_, i) => Math.sin(i)));
      const b = k.fromArray(Array.from({ length: kk * n }, (_, i) => Math.cos(i)));
      const c = k.alloc(m * n);
      k.matmul(a, b, c, { m, n, k: kk, transB: true });
      const ref = new Float64Array(m * n);
      twins.matmul(Float64Array.from(a.data), Float64Array.from(b.data), ref, { m, n, k: kk, transB: true });
      const grid = k.fromArray(Array.from({ length: 600001 }, (_, i) => -30 + i * 1e-4));
      const out = k.alloc(grid.length), x = Float64Array.from(grid.data);
      k.tanh(out, grid);
      const tanhErr = worst(out.data, x.map(Math.tanh), false);
      k.sigmoid(out, grid);
      const sigmoidErr = worst(out.data, x.map((v) => 1 / (1 + Math.exp(-v))), false);
      k.exp(out, grid);
      const expRelErr = worst(out.data, x.map(Math.exp), true);
      const B = 3, H = 9;
      const gates = k.fromArray(Array.from({ length: B * 4 * H }, (_, i) => 4 * Math.sin(i + 1))), cPrev = k.fromArray(Array.from({ length: B * H }, (_, i) => Math.cos(i)));
      const act = k.alloc(B * 5 * H), cc = k.alloc(B * H), h = k.alloc(B * H);
      k.lstmCell(act, cc, h, gates, cPrev, B, H);
      const rAct = new Float64Array(B * 5 * H), rc = new Float64Array(B * H), rh = new Float64Array(B * H);
      twins.lstmCell(rAct, rc, rh, Float64Array.from(gates.data), Float64Array.from(cPrev.data), B, H);
      const cellErr = Math.max(worst(act.data, rAct, false), worst(cc.data, rc, false), worst(h.data, rh, false));
      console.log(JSON.stringify({ build: detectBuild(), err: worst(c.data, ref, false), tanhErr, sigmoidErr, expRelErr, cellErr }));
    `;
    const out = execFileSync(process.execPath, ["--experimental-wasm-relaxed-simd", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    const r = JSON.parse(out.trim().split("\n").pop()!);
    expect(r.build).toBe("relaxed");
    expect(r.err).toBeLessThan(1e-4);
    expect(r.tanhErr).toBeLessThan(1e-6);
    expect(r.sigmoidErr).toBeLessThan(1e-6);
    expect(r.expRelErr).toBeLessThan(1e-6);
    expect(r.cellErr).toBeLessThan(2e-6);
  });
});
