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
