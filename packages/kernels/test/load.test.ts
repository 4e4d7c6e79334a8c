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

  it("picks the relaxed-SIMD build where the engine enables it, and it computes the same matmul", () => {
    const script = `
      import { createKernels, detectBuild, twins } from "./packages/kernels/src/index.ts";
      const k = createKernels();
      const m = 9, n = 13, kk = 300;
      const a = k.fromArray(Array.from({ length: m * kk }, (_, i) => Math.sin(i)));
      const b = k.fromArray(Array.from({ length: kk * n }, (_, i) => Math.cos(i)));
      const c = k.alloc(m * n);
      k.matmul(a, b, c, { m, n, k: kk, transB: true });
      const ref = new Float64Array(m * n);
      twins.matmul(Float64Array.from(a.data), Float64Array.from(b.data), ref, { m, n, k: kk, transB: true });
      let err = 0;
      for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(ref[i] - c.data[i]));
      console.log(JSON.stringify({ build: detectBuild(), err }));
    `;
    const out = execFileSync(process.execPath, ["--experimental-wasm-relaxed-simd", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    const { build, err } = JSON.parse(out.trim().split("\n").pop()!);
    expect(build).toBe("relaxed");
    expect(err).toBeLessThan(1e-4);
  });
});
