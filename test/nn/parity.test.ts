// Every PyTorch fixture, on both backends, through the same runner as `pnpm parity`.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isFixtureFile, runFile } from "../../tools/parity/src/runner";

const DIR = "test/fixtures/pytorch";

describe("PyTorch parity", () => {
  const files = readdirSync(DIR).filter(isFixtureFile).sort();
  it("finds the fixture files", () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const file of files) {
    it(file, () => {
      const results = runFile(DIR, file);
      const failed = results.filter((r) => !r.ok).map((r) => `${r.name} [${r.backend}]: ${r.failures.join("; ")}`);
      expect(failed).toEqual([]);
      expect(new Set(results.map((r) => r.backend))).toEqual(new Set(["js", "wasm"]));
    });
  }
});
