// Running Debian's PyTorch from a test: which python has torch, and the environment it needs.
// Tests that need PyTorch fail (never skip) without it, saying how to install it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** The python with torch (TAPEGRAD_PYTHON, else /usr/bin/python3, else python3) and its environment. */
export function torchPython(): { python: string; env: NodeJS.ProcessEnv } {
  const python = process.env.TAPEGRAD_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
  // Debian's torch runs best on the pthread OpenBLAS; one BLAS thread per process on this 2-core machine.
  const blas = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
  const env = {
    ...process.env,
    LD_LIBRARY_PATH: [blas, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
    OPENBLAS_NUM_THREADS: "1",
    OMP_NUM_THREADS: "1",
  };
  const probe = spawnSync(python, ["-c", "import torch, numpy; print(torch.__version__)"], { env, encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error(
      `this test needs PyTorch and NumPy in ${python}, which failed to import them (${(probe.stderr || String(probe.error)).trim().split("\n").pop()}); ` +
        "run `bash scripts/install-system-deps.sh` (Debian's python3-torch, python3-numpy), or point TAPEGRAD_PYTHON at a python that has them",
    );
  }
  return { python, env };
}
