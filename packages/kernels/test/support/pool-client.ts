// Run as a child process by the thread tests: one job in a worker, then nothing — the process must
// end by itself (workers are unreferenced while idle). With "crash", the job's worker dies and the
// error must reach this process as an Error, which it prints before ending.
import { ThreadWorker } from "../../src/index";

const worker = new ThreadWorker(new URL("./test-worker.ts", import.meta.url), "client worker");
try {
  const value = await worker.request(process.argv[2] === "crash" ? { kind: "crash" } : { kind: "echo", value: 42 });
  console.log(`answer ${value}`);
} catch (e) {
  console.log(`error ${(e as Error).constructor.name}: ${(e as Error).message}`);
}
