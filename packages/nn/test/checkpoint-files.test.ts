// Checkpoint files on disk: errors that name the function and the user's path; temporary files of
// writers killed mid-save are removed by the next save to that path, a live writer's never.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Linear, loadCheckpoint, loadSafetensors, saveCheckpoint } from "../src/index";

const dir = mkdtempSync(join(tmpdir(), "tapegrad-ckpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = () => new Linear(3, 2, { backend: "js" });

describe("checkpoint file errors name the function and the path given", () => {
  it("missing file, a directory, a missing folder", () => {
    const missing = join(dir, "nope.safetensors");
    expect(() => loadCheckpoint(model(), missing)).toThrow(`loadCheckpoint: cannot read ${missing}: no such file`);
    expect(() => loadSafetensors(missing)).toThrow(`loadSafetensors: cannot read ${missing}: no such file`);
    expect(() => loadCheckpoint(model(), dir)).toThrow(`loadCheckpoint: cannot read ${dir}: it is a directory, not a file`);
    const inMissing = join(dir, "no-such-folder", "m.safetensors");
    expect(() => saveCheckpoint(model(), inMissing)).toThrow(`saveCheckpoint: cannot save to ${inMissing}: the folder ${join(dir, "no-such-folder")} does not exist`);
    expect(() => saveCheckpoint(model(), dir)).toThrow(`saveCheckpoint: cannot save to ${dir}: it is a directory, not a file`);
    // No temporary file is left by the failed saves.
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("the dtype spellings that work are F32/float32 and F64/float64; F16 is refused clearly", () => {
    const path = join(dir, "dtypes.safetensors");
    for (const dtype of ["F32", "float32", "F64", "float64"] as const) {
      saveCheckpoint(model(), path, { dtype });
      expect([...loadSafetensors(path).values()][0].dtype).toBe(dtype.startsWith("F") ? dtype : dtype === "float32" ? "F32" : "F64");
    }
    expect(() => saveCheckpoint(model(), path, { dtype: "F16" as never })).toThrow('saveCheckpoint: option "dtype" must be one of "F32", "float32", "F64", "float64" (F16 and BF16 files are read, not written), got string "F16"');
  });
});

function startWriter(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/nn/test/support/save-forever.ts", path], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", () => resolve(child));
    child.once("error", reject);
  });
}

const temporaries = (name: string): string[] => readdirSync(dir).filter((n) => n.startsWith(`${name}.tmp-`));

describe("a writer killed mid-save", () => {
  it("leaves a temporary file that the next save to the path removes; a live writer's is kept", async () => {
    const name = "killed.safetensors";
    const path = join(dir, name);
    // Kill the writer while its temporary file exists (retry if the kill lands between saves).
    for (let attempt = 0; attempt < 20 && temporaries(name).length === 0; attempt++) {
      const child = await startWriter(path);
      const deadline = Date.now() + 10_000;
      while (temporaries(name).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    const stale = temporaries(name);
    expect(stale.length).toBeGreaterThan(0);

    // A live writer's temporary (this process's own pid) must survive the clean-up.
    const live = `${stale[0].replace(/-\d+-([a-z0-9]+)$/, `-${process.pid}-$1`)}x`;
    writeFileSync(join(dir, live), "in progress");
    saveCheckpoint(model(), path);
    expect(temporaries(name)).toEqual([live]);
    expect(existsSync(path)).toBe(true);
    loadCheckpoint(model(), path);
  });
});
