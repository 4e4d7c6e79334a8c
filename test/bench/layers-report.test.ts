// The layer benchmark's rows and JSON file (issue 13), and the PyTorch side of the benchmarks on a
// tiny problem: the numbers come from a real run, never from the code.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseLayersReport, rowFromRuns, type LayersReport } from "../../bench/layers/rows";
import { TASKS } from "../../bench/layers/tasks";
import { findPytorch, runPytorch } from "../../bench/lib/pytorch";

describe("bench:layers rows", () => {
  it("pools every run's steps: median, spread and each run's median, worked by hand", () => {
    const row = rowFromRuns("LSTM large", "tapegrad", 2, [{ times: [3, 1, 2] }, { times: [10, 4] }]);
    // All steps sorted: 1 2 3 4 10 → median 3; run medians 2 and (4 + 10) / 2.
    expect(row).toEqual({ task: "LSTM large", library: "tapegrad", threads: 2, medianMs: 3, minMs: 1, maxMs: 10, steps: 5, runMedians: [2, 7] });
  });

  it("rejects a task name that is not one of the four, and a run with no steps", () => {
    expect(() => rowFromRuns("LSTM Large", "pytorch", 1, [{ times: [1] }])).toThrow(/unknown task 'LSTM Large'.*'LSTM small', 'GRU small', 'SimpleRNN small', 'LSTM large'/);
    expect(() => rowFromRuns("GRU small", "pytorch", 1, [{ times: [] }])).toThrow(/GRU small \/ pytorch \/ 1 thread\(s\): no timed steps/);
  });

  it("the task names are exactly the promised four", () => {
    expect(TASKS.map((t) => t.name)).toEqual(["LSTM small", "GRU small", "SimpleRNN small", "LSTM large"]);
  });

  it("a written report reads back with task, library, threads and medianMs on every row", () => {
    const rows = TASKS.flatMap((t, i) => [
      rowFromRuns(t.name, "tapegrad", 1, [{ times: [i + 1, i + 2] }]),
      rowFromRuns(t.name, "pytorch", 2, [{ times: [i + 3] }]),
    ]);
    const report: LayersReport = { date: "d", node: "v20", cpu: "c", pytorch: { missing: "no" }, rows };
    const back = parseLayersReport(JSON.stringify(report));
    expect(back.rows.map((r) => [r.task, r.library, r.threads, r.medianMs])).toEqual(rows.map((r) => [r.task, r.library, r.threads, r.medianMs]));
    const broken = { rows: [{ ...rows[0], threads: 0 }] };
    expect(() => parseLayersReport(JSON.stringify(broken))).toThrow(/rows\[0\]: threads must be a positive integer/);
    expect(() => parseLayersReport(JSON.stringify({ rows: [{ ...rows[0], task: "lstm" }] }))).toThrow(/rows\[0\]: task must be one of/);
    expect(() => parseLayersReport("{}")).toThrow(/expected a 'rows' array/);
  });
});

describe("PyTorch in the same run", () => {
  const pytorch = findPytorch();
  // CI installs python3-torch (scripts/install-system-deps.sh); elsewhere the benchmarks print the reason instead.
  it.skipIf("missing" in pytorch)("times a tiny training step at the thread counts asked for, and reports its versions", () => {
    if ("missing" in pytorch) return;
    expect(pytorch.torch).toMatch(/^\d+\.\d+/);
    expect(pytorch.blas).toMatch(/OpenBLAS \d+\.\d+/);
    // runPytorch throws unless torch and OpenBLAS both report the thread count asked for.
    // OpenBLAS sizes its pool to the CPUs the process may run on: a process pinned to one CPU
    // (taskset, a cgroup cpuset, a shared machine keeping a core quiet) cannot get 2 BLAS threads,
    // so only the counts this process can use are asked for.
    for (const [threads, loss] of [[1, "last-mse"], [2, "readout"]] as const) {
      if (threads > availableParallelism()) continue;
      const t = runPytorch({ cell: "gru", batch: 2, seq: 3, input: 2, hidden: 4, loss }, threads, { steps: 3, budgetMs: 1000, warmupMs: 0 });
      expect(t.steps).toBe(3);
      expect(t.times).toHaveLength(3);
      expect(t.minMs).toBeGreaterThan(0);
      expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
    }
  });
});
