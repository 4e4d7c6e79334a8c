// nn's DataParallel in Chromium (issue 13): on the cross-origin-isolated playground a small LSTM
// trained at 2 threads really runs a replica in a Web Worker, agrees with 1 thread within float32
// rounding and with itself bit for bit, and with Node's one-thread run within float32 rounding;
// served without isolation it runs on one thread, gives the same result and says so once; a
// failing step (bad input on every shard, or a replica the worker cannot build) rejects with an
// Error, leaves no unhandled rejection, and the next steps train; and the library's ThreadWorker on
// a missing script, one that throws while loading or crashes mid-job rejects with an Error. Driven
// through the page hook window.playground.job (examples/web/page/main.ts) running
// worker/data-parallel-job.ts and worker/worker-failure-job.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataParallelParams, type DataParallelRun, trainWithDataParallel } from "../../examples/web/worker/data-parallel-job.ts";
import type { WorkerFailure } from "../../examples/web/worker/worker-failure-job.ts";
import { Playground, type PlaygroundPage } from "./support/playground.ts";

const job = (tab: PlaygroundPage, params: DataParallelParams) =>
  tab.page.evaluate((p) => (window as unknown as { playground: { job(n: string, p: unknown): Promise<DataParallelRun> } }).playground.job("threads/data-parallel", p), params);

/** Within float32 rounding of a few steps: relative to each tensor-wide scale. */
function expectClose(got: number[], want: number[], tolerance = 1e-5): void {
  expect(got).toHaveLength(want.length);
  const scale = Math.max(...want.map(Math.abs));
  got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tolerance * scale));
}

// The same job in Node (SIMD128 build, one thread): the independent reference.
let node: DataParallelRun;
// The isolated page's one-thread run, to compare the non-isolated page with bit for bit.
let oneThreadInBrowser: DataParallelRun | undefined;

beforeAll(async () => {
  node = await trainWithDataParallel({ threads: 1 });
});

describe("DataParallel in Chromium, cross-origin isolated", () => {
  let playground: Playground;
  let tab: PlaygroundPage;
  const started: string[] = [];
  beforeAll(async () => {
    playground = await Playground.start();
    tab = await playground.open();
    // Chromium reports every dedicated worker it starts, nested ones included.
    tab.page.on("worker", (w) => started.push(w.url()));
  });
  afterAll(() => playground?.close());

  it("trains at 2 threads in a Web Worker: equal to 1 thread within float32 rounding, bitwise run to run", async () => {
    expect(await tab.page.evaluate(() => crossOriginIsolated)).toBe(true);
    const replicas = () => started.filter((u) => u.endsWith("/replica-worker.js")).length;
    const two = await job(tab, { threads: 2 });
    expect(replicas()).toBe(1);
    const again = await job(tab, { threads: 2 });
    expect(replicas()).toBe(2); // each run's DataParallel starts its own and stops it on dispose()
    const one = await job(tab, { threads: 1 });
    expect(replicas()).toBe(2);
    oneThreadInBrowser = one;
    // Two shards every step, the second on a replica worker that computed in its own memory.
    expect(two.shards).toEqual([2, 2, 2, 2]);
    expect(two.workers).toBe(1);
    expect(two.workerMemoryBytes).toHaveLength(1);
    expect(two.workerMemoryBytes[0]).toBeGreaterThan(0);
    expect(one.shards).toEqual([1, 1, 1, 1]);
    expect(one.workers).toBe(0);
    // Bitwise at a fixed thread count (fixed reduction order).
    expect(again.losses).toEqual(two.losses);
    expect(again.weights).toEqual(two.weights);
    // Across thread counts and against Node: float32 rounding of the shard sums.
    expectClose(two.losses, one.losses);
    expectClose(two.weights, one.weights);
    expectClose(one.losses, node.losses);
    expectClose(one.weights, node.weights);
    expect(two.losses[3]).toBeLessThan(two.losses[0]);
    // The library's default: getNumThreads() = navigator.hardwareConcurrency (at most 16 rows / 4).
    const cores = await tab.page.evaluate(() => navigator.hardwareConcurrency);
    const byDefault = await job(tab, {});
    const shards = Math.max(1, Math.min(cores, 4));
    expect(byDefault.shards).toEqual([shards, shards, shards, shards]);
    expect(byDefault.workers).toBe(shards - 1);
    expectClose(byDefault.weights, one.weights);
    if (shards === 2) expect(byDefault.weights).toEqual(two.weights);
    // A longer run: WebAssembly memory flat after warm-up, on this thread and in the replica.
    const long = await job(tab, { threads: 2, steps: 12 });
    expect(long.losses.slice(0, 4)).toEqual(two.losses);
    expect(long.memory[11].worker).toBeGreaterThan(0);
    for (const m of long.memory.slice(5)) expect(m).toEqual(long.memory[4]);
    expect([...two.warnings, ...one.warnings, ...byDefault.warnings, ...long.warnings, ...two.unhandled]).toEqual([]);
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it("a failing step rejects with an Error, nothing is left unhandled, and training goes on", async () => {
    // Inputs 4 wide for an LSTM of input size 3: shard 0 and the worker's shard both fail.
    const shape = await job(tab, { threads: 2, fault: "bad-shape" });
    expect(shape.failure).toMatchObject({ isError: true, recovered: true });
    expect(shape.failure!.message).toBe("LSTM: input.size(-1) must be equal to input_size. Expected 3, got 4");
    expect(shape.unhandled).toEqual([]);
    // A layer the workers cannot rebuild: only the replica fails, its error reaches the caller.
    const replica = await job(tab, { threads: 2, fault: "unknown-module" });
    expect(replica.failure).toMatchObject({ isError: true, recovered: true });
    expect(replica.failure!.message).toMatch(/^DataParallel worker 1: moduleFromSpec: .*unknown module type "PageOnlyDoubler"/);
    expect(replica.failure!.message).toContain('a worker script of your own that calls serveReplicas() (the "workerUrl" option');
    expect(replica.unhandled).toEqual([]);
    // The steps after the failures train as before.
    const clean = await job(tab, { threads: 2 });
    expect(shape.losses).toEqual(clean.losses);
    expect(replica.losses).toEqual(clean.losses);
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it("a module type of the page's own trains in replicas started from the page's worker script (workerUrl)", async () => {
    const before = started.length;
    const two = await job(tab, { threads: 2, ownLayer: true });
    const one = await job(tab, { threads: 1, ownLayer: true });
    expect(started.slice(before).filter((u) => u.endsWith("/scale-replica-worker.js"))).toHaveLength(1);
    expect(two.shards).toEqual([2, 2, 2, 2]);
    expect(two.workers).toBe(1);
    expectClose(two.losses, one.losses);
    expectClose(two.weights, one.weights);
    expect(two.losses[3]).toBeLessThan(two.losses[0]);
    expect([...two.warnings, ...two.unhandled]).toEqual([]);
    expect(tab.problems).toEqual([]);
  }, 30_000);

  it("a worker that is missing, fails to load or crashes mid-job rejects with an Error, never hangs", async () => {
    const cases = await tab.page.evaluate(() => (window as unknown as { playground: { job(n: string): Promise<WorkerFailure[]> } }).playground.job("threads/worker-failure"));
    expect(cases).toEqual([
      { case: "missing script", isError: true, aliveAfter: false, message: expect.stringMatching(/^probe \(missing script\): worker thread failed: could not load the worker script http:\/\/127\.0\.0\.1:\d+\/no-such-worker\.js \(missing/) },
      { case: "throws while loading", isError: true, aliveAfter: false, message: "probe (throws while loading): worker thread failed: Uncaught Error: broken at load" },
      { case: "crashes during a job", isError: true, aliveAfter: false, message: "probe (crashes during a job): worker thread failed: Uncaught Error: crashed mid-job" },
      // A job's own error leaves the worker usable.
      { case: "job throws", isError: true, aliveAfter: true, message: "probe (job throws): the job refused" },
    ]);
    expect(tab.problems).toEqual([]);
  }, 30_000);
});

describe("DataParallel in Chromium, not cross-origin isolated", () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await Playground.start({ isolation: false });
  });
  afterAll(() => playground?.close());

  it("runs on one thread, gives the same result, and says so once", async () => {
    const tab = await playground.open();
    const started: string[] = [];
    tab.page.on("worker", (w) => started.push(w.url()));
    expect(await tab.page.evaluate(() => crossOriginIsolated)).toBe(false);
    const asked = await job(tab, { threads: 2 });
    const byDefault = await job(tab, {});
    for (const r of [asked, byDefault]) {
      expect(r.shards).toEqual([1, 1, 1, 1]);
      expect(r.workers).toBe(0);
      expectClose(r.losses, node.losses);
      expectClose(r.weights, node.weights);
      if (oneThreadInBrowser) {
        expect(r.losses).toEqual(oneThreadInBrowser.losses);
        expect(r.weights).toEqual(oneThreadInBrowser.weights);
      }
    }
    const warnings = [...asked.warnings, ...byDefault.warnings];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^tapegrad: running on one thread: this page is not cross-origin isolated/);
    expect(started.filter((u) => u.endsWith("/replica-worker.js"))).toEqual([]);
    expect(tab.problems).toEqual([]);
  }, 60_000);
});
