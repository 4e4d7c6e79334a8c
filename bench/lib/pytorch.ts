// PyTorch as a peer in the same run: runs bench/pytorch/train_step.py with Debian's python3-torch in
// a process of its own per measurement. Nothing about PyTorch's speed is ever typed into the
// benchmarks; where PyTorch is missing, they say so once and leave its column out.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PYTHON = "/usr/bin/python3";
/** Debian's pthread OpenBLAS goes first, so torch's BLAS is OpenBLAS and OPENBLAS_NUM_THREADS rules it. */
const OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
const SCRIPT = fileURLToPath(new URL("../pytorch/train_step.py", import.meta.url));

export interface PytorchInfo {
  torch: string;
  /** OpenBLAS's own description of itself: version, build, the CPU kernels it picked. */
  blas: string;
  /** What the benchmark changed in OpenBLAS's environment, and why (empty when nothing). */
  note: string;
}

export interface PytorchStep {
  cell: "lstm" | "gru" | "rnn";
  batch: number;
  seq: number;
  input: number;
  hidden: number;
  loss: "last-mse" | "readout";
}

export interface PytorchTiming {
  medianMs: number;
  minMs: number;
  maxMs: number;
  steps: number;
  times: number[];
}

let extraEnv: Record<string, string> = {};

function env(threads: number): NodeJS.ProcessEnv {
  const ld = [OPENBLAS_DIR, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return { ...process.env, ...extraEnv, LD_LIBRARY_PATH: ld, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
}

function probe(): string {
  const code = "import torch, ctypes; l = ctypes.CDLL('libopenblas.so.0'); l.openblas_get_config.restype = ctypes.c_char_p; print(torch.__version__); print(l.openblas_get_config().decode())";
  return execFileSync(PYTHON, ["-c", code], { encoding: "utf8", env: env(1), stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Finds PyTorch and OpenBLAS, or returns why not (in one line). OpenBLAS 0.3.21 does not know this
 * machine's newer Xeon and falls back to its Prescott (SSE3) kernels: PyTorch's large LSTM step took
 * 141–179 ms with them and 65–91 ms with SkylakeX's in the same (busy) minute. Unless
 * OPENBLAS_CORETYPE is set already, an AVX-512 CPU gets SkylakeX's kernels, so tapegrad is compared
 * with PyTorch at its best, not with a misconfigured one.
 */
export function findPytorch(): PytorchInfo | { missing: string } {
  if (!existsSync(PYTHON)) return { missing: `PyTorch not measured: ${PYTHON} not found (pnpm bench:setup installs python3-torch)` };
  let out: string;
  try {
    out = probe();
  } catch (e) {
    const why = String((e as { stderr?: string }).stderr ?? e).trim().split("\n").pop();
    return { missing: `PyTorch not measured: ${why} (pnpm bench:setup installs python3-torch and libopenblas0-pthread)` };
  }
  let [torch, blas] = out.trim().split("\n");
  let note = "";
  const avx512 = existsSync("/proc/cpuinfo") && /\bavx512f\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  if (/Prescott/.test(blas) && avx512 && !process.env.OPENBLAS_CORETYPE) {
    extraEnv = { OPENBLAS_CORETYPE: "SkylakeX" };
    note = "OpenBLAS picked Prescott (SSE3) kernels on this AVX-512 CPU; the benchmark sets OPENBLAS_CORETYPE=SkylakeX";
    blas = probe().trim().split("\n")[1];
  }
  return { torch, blas, note };
}

/** One PyTorch measurement: a fresh python process, `threads` for torch and OpenBLAS alike. */
export function runPytorch(step: PytorchStep, threads: number, schedule: { steps: number; budgetMs: number; warmupMs: number }): PytorchTiming {
  const args = [SCRIPT, "--cell", step.cell, "--batch", String(step.batch), "--seq", String(step.seq), "--input", String(step.input),
    "--hidden", String(step.hidden), "--loss", step.loss, "--threads", String(threads), "--steps", String(schedule.steps),
    "--budget-ms", String(schedule.budgetMs), "--warmup-ms", String(schedule.warmupMs)];
  const out = execFileSync(PYTHON, args, { encoding: "utf8", env: env(threads), stdio: ["ignore", "pipe", "pipe"] });
  const t = JSON.parse(out.trim().split("\n").pop()!) as PytorchTiming & { threads: number; blas: { threads: number | null } };
  if (t.threads !== threads || t.blas.threads !== threads) {
    throw new Error(`bench: PyTorch ran with ${t.threads} torch and ${t.blas.threads} OpenBLAS threads, expected ${threads} of each`);
  }
  return t;
}
