"""Continue training a tapegrad model in PyTorch, on one machine or many (DistributedDataParallel).

Reads a tapegrad checkpoint (weights + the model description in its metadata), builds the same
torch.nn model, trains it with DistributedDataParallel (gloo, CPU) on tensors from a safetensors
data file, and writes a checkpoint tapegrad loads back: the same tensor names and every metadata
entry of the input (so `pnpm forecast` reads it), plus "tapegrad.continued" saying what was done.

  torchrun --standalone --nproc_per_node=2 examples/to-pytorch/continue_training.py \\
      --checkpoint examples/weather/out/forecaster.safetensors \\
      --data examples/weather/out/windows.safetensors \\
      --out examples/weather/out/forecaster-pytorch.safetensors --epochs 5

On a cluster: the same script with `torchrun --nnodes=N --nproc_per_node=P --rdzv_backend=c10d
--rdzv_endpoint=HOST:PORT ...` on every node. Without torchrun it trains in one process.
The data file holds "train.x" and "train.y" (and optionally "validation.x"/"validation.y", whose
loss is printed after each epoch); --batch is per process, so the global batch is batch × processes.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402
from tapegrad_model import model_from_checkpoint  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description="Continue training a tapegrad checkpoint with PyTorch DistributedDataParallel.")
    p.add_argument("--checkpoint", required=True, help="tapegrad checkpoint (.safetensors) to start from")
    p.add_argument("--data", required=True, help="safetensors file with train.x, train.y (validation.x, validation.y optional)")
    p.add_argument("--out", required=True, help="where to write the continued checkpoint")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate")
    p.add_argument("--batch", type=int, default=32, help="batch size per process")
    p.add_argument("--loss", choices=["mse", "cross-entropy"], default="mse")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--predict", metavar="SPLIT", help="after training, write the model's outputs on SPLIT.x (e.g. test) ...")
    p.add_argument("--predictions", metavar="FILE", help="... to this safetensors file, tensor 'predictions'")
    args = p.parse_args()
    if (args.predict is None) != (args.predictions is None):
        p.error("--predict and --predictions go together")
    for name in ("epochs", "batch"):
        if getattr(args, name) < 1:
            p.error(f"--{name} must be at least 1, got {getattr(args, name)}")
    return args


def loss_function(kind):
    if kind == "mse":
        return torch.nn.functional.mse_loss
    # tapegrad's cross-entropy takes classes in the last dimension: flatten everything before it.
    return lambda logits, ids: torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids.long().reshape(-1))


def split_tensors(data, split, path):
    if f"{split}.x" not in data or f"{split}.y" not in data:
        raise SystemExit(f"continue_training: {path} has no {split}.x / {split}.y (it has {', '.join(sorted(data))})")
    return torch.from_numpy(np.array(data[f"{split}.x"])), torch.from_numpy(np.array(data[f"{split}.y"]))


def main():
    args = parse_args()
    distributed = "WORLD_SIZE" in os.environ
    if distributed:
        dist.init_process_group("gloo")
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    say = print if rank == 0 else (lambda *a, **k: None)
    torch.manual_seed(args.seed)

    tensors, metadata = read_safetensors(args.checkpoint)
    model = model_from_checkpoint(tensors, metadata, args.checkpoint)
    trained = DistributedDataParallel(model) if distributed else model
    data, _ = read_safetensors(args.data)
    x, y = split_tensors(data, "train", args.data)
    validation = split_tensors(data, "validation", args.data) if "validation.x" in data else None
    dataset = TensorDataset(x, y)
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed) if distributed else None
    loader = DataLoader(dataset, batch_size=args.batch, sampler=sampler, shuffle=sampler is None)
    loss_fn = loss_function(args.loss)
    optimizer = torch.optim.Adam(trained.parameters(), lr=args.lr)
    say(f"model from {args.checkpoint}:\n{model}")
    say(f"training on {len(dataset)} examples in {world} process(es), batch {args.batch} per process, {args.epochs} epochs")

    history = []
    for epoch in range(1, args.epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        trained.train()
        totals = torch.zeros(2, dtype=torch.float64)  # loss sum, example count
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(trained(xb), yb)
            loss.backward()  # DDP averages the gradients of all processes here
            optimizer.step()
            totals += torch.tensor([loss.item() * len(xb), len(xb)], dtype=torch.float64)
        if distributed:
            dist.all_reduce(totals)
        entry = {"epoch": epoch, "trainLoss": (totals[0] / totals[1]).item()}
        if validation is not None:
            model.eval()
            with torch.no_grad():
                entry["validationLoss"] = loss_fn(model(validation[0]), validation[1]).item()
        history.append(entry)
        say(f"epoch {epoch}/{args.epochs}  train loss {entry['trainLoss']:.4f}" + (f"  validation loss {entry['validationLoss']:.4f}" if validation is not None else ""))

    if rank == 0:
        model.eval()
        state = {name: t.detach().cpu().numpy().astype(np.float32) for name, t in model.state_dict().items()}
        continued = json.loads(metadata.get("tapegrad.continued", "[]"))
        continued.append({
            "framework": f"pytorch {torch.__version__}", "script": "examples/to-pytorch/continue_training.py", "processes": world,
            "backend": "gloo" if distributed else "single process", "epochs": args.epochs, "lr": args.lr,
            "batchPerProcess": args.batch, "loss": args.loss, "history": history, "from": os.path.basename(args.checkpoint),
        })
        write_safetensors(args.out, state, {**metadata, "tapegrad.continued": json.dumps(continued)})
        say(f"wrote {args.out}")
        if args.predict:
            px, _ = split_tensors(data, args.predict, args.data)
            with torch.no_grad():
                predictions = model(px).numpy().astype(np.float32)
            write_safetensors(args.predictions, {"predictions": predictions}, {"split": args.predict})
            say(f"wrote {args.predictions} ({args.predict}: {len(predictions)} predictions)")
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
