// The parity runner on other fixture folders: dispatch by kind, failures reported, CLI exit code.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDir } from "../src/runner";

const SRC = "test/fixtures/pytorch";

describe("parity runner", () => {
  it("dispatches on kind, not file name; reports unknown kinds and unreadable files", () => {
    const dir = mkdtempSync(join(tmpdir(), "tapegrad-parity-"));
    copyFileSync(join(SRC, "loss_mse.json"), join(dir, "renamed-anything.json"));
    copyFileSync(join(SRC, "index.json"), join(dir, "index.json"));
    writeFileSync(join(dir, "README.md"), "not a fixture");
    writeFileSync(join(dir, "mystery.json"), JSON.stringify({ kind: "teleport", case: "mystery" }));
    writeFileSync(join(dir, "broken.json"), "{ truncated");
    const results = runDir(dir);
    const byName = Object.fromEntries(results.map((r) => [`${r.name}|${r.backend}`, r]));
    expect(byName["loss_mse/mse_mean|js"].ok).toBe(true);
    expect(byName["loss_mse/mse_sum|wasm"].ok).toBe(true);
    expect(byName["mystery|-"].ok).toBe(false);
    expect(byName["mystery|-"].failures[0]).toMatch(/unknown kind "teleport"/);
    expect(byName["broken.json|-"].failures[0]).toMatch(/cannot read/);
    expect(results.some((r) => r.file === "index.json")).toBe(false);
  });

  it("fails a case whose reference values are wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "tapegrad-parity-"));
    const fx = JSON.parse(readFileSync(join(SRC, "rnn_tanh_1layer_h0.json"), "utf8"));
    fx.outputs.h_n.data[0] += 1e-3;
    writeFileSync(join(dir, "tampered.json"), JSON.stringify(fx));
    const results = runDir(dir);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results[0].failures.join()).toMatch(/h_n: 1 of 3 values outside tolerance/);
  });

  it("pnpm parity exits non-zero on a failing folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "tapegrad-parity-"));
    writeFileSync(join(dir, "x.json"), JSON.stringify({ kind: "nope" }));
    const r = spawnSync(process.execPath, ["--import", "tsx", "tools/parity/src/cli.ts", dir], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
  });
});
