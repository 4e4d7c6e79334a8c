#!/usr/bin/env python3
"""One training step of a recurrent model in PyTorch, timed: the PyTorch side of `pnpm bench:layers`
and `pnpm compare`, run by them in a process of its own per measurement, interleaved with tapegrad.

    python3 bench/pytorch/train_step.py --cell lstm --batch 32 --seq 50 --input 8 --hidden 64 \
        --loss last-mse --threads 1 --steps 15 --budget-ms 20000 --warmup-ms 1500

Prints one JSON line: {"medianMs", "minMs", "maxMs", "steps", "times", "threads", "torch", "blas"}.

--loss last-mse: the layer benchmark's task (batch-first layer, Linear(H, 1) on the last step, MSE
                 against y, SGD lr 0.01), on the same inputs as bench/layers/tasks.ts.
--loss readout:  the compare benchmark's step (seq-first layer, L = sum(output * R) with R ~
                 U(-1, 1) / (T * B), SGD lr 0.01 on the layer's parameters).

Threads: torch.set_num_threads(n) sets PyTorch's own (OpenMP) threads; the OpenBLAS pool is sized by
OPENBLAS_NUM_THREADS, which must be in the environment before the library loads (the caller sets it,
and LD_LIBRARY_PATH with Debian's openblas-pthread directory first, so BLAS is OpenBLAS's pthread
build). The script reports what OpenBLAS says it runs with, so a wrong setup shows in the output.
"""
import argparse
import ctypes
import json
import time

import torch

LEARNING_RATE = 0.01


def lcg_uniform(n, state):
    """The benchmark's fixed data stream: s = s * 1103515245 + 12345 (mod 2^32), as U(-1, 1)."""
    out = []
    s = state[0]
    for _ in range(n):
        s = (s * 1103515245 + 12345) & 0xFFFFFFFF
        out.append(s / 2**32 * 2 - 1)
    state[0] = s
    return out


def blas_info():
    """OpenBLAS's config string and thread count, from the library the process actually loaded."""
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_config.restype = ctypes.c_char_p
        return {"config": lib.openblas_get_config().decode(), "threads": lib.openblas_get_num_threads()}
    except (OSError, AttributeError):
        return {"config": "not OpenBLAS", "threads": None}


def build(args):
    layer_type = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[args.cell]
    batch_first = args.loss == "last-mse"
    layer = layer_type(args.input, args.hidden, batch_first=batch_first)
    if args.loss == "last-mse":
        head = torch.nn.Linear(args.hidden, 1)
        state = [12345]
        x = torch.tensor(lcg_uniform(args.batch * args.seq * args.input, state)).reshape(args.batch, args.seq, args.input)
        y = torch.tensor(lcg_uniform(args.batch, state)).reshape(args.batch, 1)
        params = list(layer.parameters()) + list(head.parameters())
        mse = torch.nn.MSELoss()

        def loss_fn():
            output, _ = layer(x)
            return mse(head(output[:, -1]), y)
    else:
        g = torch.Generator().manual_seed(1234)
        x = torch.rand(args.seq, args.batch, args.input, generator=g) * 2 - 1
        r = (torch.rand(args.seq, args.batch, args.hidden, generator=g) * 2 - 1) / (args.seq * args.batch)
        params = list(layer.parameters())

        def loss_fn():
            output, _ = layer(x)
            return (output * r).sum()

    optimizer = torch.optim.SGD(params, lr=LEARNING_RATE)

    def step():
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cell", choices=["lstm", "gru", "rnn"], required=True)
    for name in ("batch", "seq", "input", "hidden", "threads"):
        p.add_argument(f"--{name}", type=int, required=True)
    p.add_argument("--loss", choices=["last-mse", "readout"], default="last-mse")
    p.add_argument("--steps", type=int, default=15)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--warmup-ms", type=float, default=1500)
    p.add_argument("--budget-ms", type=float, default=20000)
    args = p.parse_args()
    if args.threads < 1:
        p.error(f"--threads must be at least 1, got {args.threads}")
    torch.set_num_threads(args.threads)
    step = build(args)
    # The same schedule as bench/layers/timing.ts: warm up by count and by time, then the median.
    warm_end = time.perf_counter() + args.warmup_ms / 1000
    i = 0
    while i < args.warmup or (time.perf_counter() < warm_end and i < 200):
        step()
        i += 1
    times = []
    deadline = time.perf_counter() + args.budget_ms / 1000
    while len(times) < args.steps and (len(times) < 3 or time.perf_counter() < deadline):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(json.dumps({
        "medianMs": times[len(times) // 2], "minMs": times[0], "maxMs": times[-1], "steps": len(times), "times": times,
        "threads": torch.get_num_threads(), "torch": torch.__version__, "blas": blas_info(),
    }))


if __name__ == "__main__":
    main()
