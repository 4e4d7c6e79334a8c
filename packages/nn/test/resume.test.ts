// Resuming is exact: N steps, a training checkpoint, a fresh process that loads it and runs M more
// steps gives the same weights, bit for bit, as N + M steps straight — for SGD with momentum,
// Adam, AdamW and RMSprop, each with a scheduler and two parameter groups, on both backends.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSafetensors } from "../src/index";
import { PAIRS } from "./support/resume-run";

const dir = mkdtempSync(join(tmpdir(), "tapegrad-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runProcess(mode: string, backend: string): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", "packages/nn/test/support/resume-run.ts", mode, backend, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`resume-run ${mode} ${backend} failed:\n${r.stderr}`);
}

describe("resuming from a training checkpoint in a fresh process", () => {
  for (const backend of ["js", "wasm"]) {
    it(`equals N + M steps straight, bitwise (${backend})`, () => {
      for (const mode of ["straight", "first", "resume"]) runProcess(mode, backend);
      for (const pair of PAIRS) {
        const straight = loadSafetensors(join(dir, `${backend}-${pair}-straight.safetensors`));
        const resumed = loadSafetensors(join(dir, `${backend}-${pair}-resumed.safetensors`));
        expect([...resumed.keys()]).toEqual([...straight.keys()]);
        for (const [name, t] of straight) expect(Array.from(resumed.get(name)!.data), `${pair} ${name}`).toEqual(Array.from(t.data));
      }
    }, 60_000);
  }
});
