// The one reader of PyTorch fixture files (schema: test/fixtures/pytorch/README.md), used by the
// parity runner (`pnpm parity`) and by every test that reads fixtures. Every tensor in a file is
// {shape, dtype, data} with data flat in row-major order. Only node:fs, so any test can use it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's fixture folder, test/fixtures/pytorch/ (with the trailing slash). */
export const FIXTURE_DIR = fileURLToPath(new URL("../../../test/fixtures/pytorch/", import.meta.url));

export interface FixtureTensor {
  shape: number[];
  dtype: "float64" | "int64" | string;
  data: number[];
}

/** A fixture file's JSON: `kind` chooses the runner; everything else is the runner's business. */
export type Fixture = Record<string, any> & { kind: string };

/** Parses a fixture file at `path` (any JSON: the runner checks what it needs). */
export function readFixtureFile(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** test/fixtures/pytorch/NAME.json, parsed; T is the caller's view of its schema. */
export function loadFixture<T = Fixture>(name: string): T {
  return readFixtureFile(`${FIXTURE_DIR}${name}.json`) as T;
}
