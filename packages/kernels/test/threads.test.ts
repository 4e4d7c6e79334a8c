// Threads (issue 13): the thread count setting and its errors, TAPEGRAD_NUM_THREADS, and worker
// jobs: answers, errors thrown in a job, crashed and exited workers, and a process that ends by
// itself while its workers sit idle.
import { execFileSync, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { getNumThreads, setNumThreads, ThreadWorker } from "../src/index";

const support = (f: string) => fileURLToPath(new URL(`./support/${f}`, import.meta.url));

/** getNumThreads() in a fresh Node process with TAPEGRAD_NUM_THREADS set (or unset) as given. */
function threadsInChild(value: string | undefined): { out: string; err: string; status: number | null } {
  const env = { ...process.env };
  delete env.TAPEGRAD_NUM_THREADS;
  if (value !== undefined) env.TAPEGRAD_NUM_THREADS = value;
  const code = `import { getNumThreads } from "${fileURLToPath(new URL("../src/index.ts", import.meta.url))}"; console.log(getNumThreads());`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { env, encoding: "utf8", timeout: 30_000 });
  return { out: r.stdout.trim(), err: r.stderr, status: r.status };
}

describe("the thread count", () => {
  const initial = getNumThreads();
  afterAll(() => setNumThreads(initial));

  it("defaults to the cores available, and setNumThreads changes it", () => {
    expect(threadsInChild(undefined).out).toBe(String(availableParallelism()));
    setNumThreads(3);
    expect(getNumThreads()).toBe(3);
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
  });

  it("rejects 0, −1, NaN, 1e6, fractions and non-numbers with a clear error, keeping the old value", () => {
    setNumThreads(2);
    for (const bad of [0, -1, Number.NaN, 1e6, 2.5, Number.POSITIVE_INFINITY]) {
      expect(() => setNumThreads(bad)).toThrow(new RegExp(`^setNumThreads: expected a whole number of threads from 1 to 256 \\(this machine has \\d+ cores\\), got ${String(bad).replace("+", "\\+")}$`));
    }
    expect(() => setNumThreads("4" as unknown as number)).toThrow(/got "4"$/);
    expect(getNumThreads()).toBe(2);
  });

  it("reads TAPEGRAD_NUM_THREADS in Node, and names it when it is wrong", () => {
    expect(threadsInChild("3").out).toBe("3");
    const bad = threadsInChild("zero");
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/TAPEGRAD_NUM_THREADS: expected a whole number of threads from 1 to 256 .*got "zero"/);
  });
});

describe("a worker thread", () => {
  const url = new URL("./support/test-worker.ts", import.meta.url);

  it("answers jobs, in any number, in order of their answers", async () => {
    const w = new ThreadWorker(url, "test worker");
    try {
      const answers = await Promise.all([1, 2, 3].map((value) => w.request({ kind: "echo", value })));
      expect(answers).toEqual([1, 2, 3]);
      expect(await w.request({ kind: "echo", value: { a: [1, 2] } })).toEqual({ a: [1, 2] });
    } finally {
      w.terminate();
    }
  });

  it("turns an error thrown in a job into an Error at the caller, and keeps working", async () => {
    const w = new ThreadWorker(url, "test worker");
    try {
      await expect(w.request({ kind: "throw" })).rejects.toThrow(/^test worker: boom in the job$/);
      expect(await w.request({ kind: "echo", value: 5 })).toBe(5);
    } finally {
      w.terminate();
    }
  });

  it("rejects every job out, and every later one, when the worker crashes or exits", async () => {
    const w = new ThreadWorker(url, "test worker");
    await expect(w.request({ kind: "crash" })).rejects.toThrow(/^test worker: worker thread failed: uncaught boom$/);
    expect(w.alive).toBe(false);
    await expect(w.request({ kind: "echo", value: 1 })).rejects.toThrow(/worker thread failed: uncaught boom/);
    const v = new ThreadWorker(url, "exiting worker");
    await expect(v.request({ kind: "exit" })).rejects.toThrow(/^exiting worker: worker thread failed: the worker thread exited with code 3$/);
  });

  it("never keeps the process alive or hangs it: the process ends by itself, after an answer or a crash", () => {
    for (const [arg, expected] of [["echo", "answer 42"], ["crash", "error Error: client worker: worker thread failed: uncaught boom"]]) {
      const started = Date.now();
      const out = execFileSync(process.execPath, ["--import", "tsx", support("pool-client.ts"), arg], { encoding: "utf8", timeout: 30_000 });
      expect(out.trim()).toBe(expected);
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  });
});
