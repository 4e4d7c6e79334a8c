// A kernel worker: instantiates the shared-memory kernel build on the memory of the instance that
// started it, then waits on its control block for row blocks of a matmul to run (shared-matmul.ts).
// It allocates nothing: every pointer, its scratch included, comes from the calling thread.
import { serveRequests } from "./worker";
import { CONTROL, type KernelWorkerInit } from "./shared-matmul";

interface MatmulExport {
  matmul(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number, accumulate: number, scratch: number, bias: number, biasRowBytes: number): void;
}

function serve(wasm: MatmulExport, control: Int32Array): void {
  let seen = Atomics.load(control, CONTROL.seq);
  for (;;) {
    Atomics.wait(control, CONTROL.seq, seen);
    const seq = Atomics.load(control, CONTROL.seq);
    if (seq === seen) continue;
    if (seq < 0) return;
    seen = seq;
    const arg = (i: number) => Atomics.load(control, CONTROL.args + i);
    let status = 0;
    try {
      wasm.matmul(arg(0), arg(1), arg(2), arg(3), arg(4), arg(5) >>> 0, arg(6) >>> 0, arg(7) >>> 0, arg(8), arg(9) >>> 0, arg(10) >>> 0, arg(11) >>> 0);
    } catch {
      status = 1;
    }
    Atomics.store(control, CONTROL.status, status);
    Atomics.store(control, CONTROL.done, seq);
    Atomics.notify(control, CONTROL.done);
  }
}

serveRequests((message) => {
  const init = message as KernelWorkerInit;
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const control = new Int32Array(init.control);
  // Answer first, then block in the wait loop (the answer is already on its way).
  setTimeout(() => serve(instance.exports as unknown as MatmulExport, control), 0);
  return { result: null };
});
