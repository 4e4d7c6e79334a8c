// What a runner for one fixture kind provides: its sub-cases, each checking values on a backend.
import type { BackendName } from "@tapegrad/autograd";
import type { Checker } from "../compare";
import type { Fixture } from "../fixture";

export interface SubCase {
  /** "" when the file is one case; else the case's own name (loss cases, optimizer labels, …). */
  name: string;
  run(check: Checker, backend: BackendName): void;
}

export type KindRunner = (fx: Fixture) => SubCase[];

/** The sub-cases of a fixture whose "cases" list holds one case each, named by its `name` or index. */
export function eachCase(kind: string, fx: Fixture, run: (c: Record<string, any>, check: Checker, backend: BackendName) => void): SubCase[] {
  if (!Array.isArray(fx.cases)) throw new Error(`${kind}: "cases" must be a list`);
  return fx.cases.map((c: Record<string, any>, i: number) => ({ name: String(c.name ?? i), run: (check: Checker, backend: BackendName) => run(c, check, backend) }));
}
