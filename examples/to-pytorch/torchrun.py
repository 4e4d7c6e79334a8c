"""`torchrun` that also works with Debian's PyTorch 1.13 on Python 3.11.

PyTorch 1.13's launcher turns its default `--redirects 0` / `--tee 0` into None on Python 3.11
(iterating an IntFlag no longer yields its zero member), then fails with "AttributeError:
'NoneType' object has no attribute 'get'" before starting any worker (meta-llama/llama#86;
fixed in PyTorch 2.0). This file repairs that one conversion when it is broken and runs the real
launcher with the same arguments, so it is a drop-in for `torchrun` everywhere:

  python3 examples/to-pytorch/torchrun.py --standalone --nproc_per_node=2 SCRIPT.py ARGS...
"""
import re

from torch.distributed.elastic.multiprocessing import Std
from torch.distributed.run import main

if Std.from_str("0") is None:

    def _from_str(vm):
        if re.fullmatch(r"[0-3]", vm):
            return Std(int(vm))
        if re.fullmatch(r"([0-9]+:[0-3],)*[0-9]+:[0-3]", vm):
            return {int(i): Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
        raise ValueError(f"{vm} does not match: <0-3> or <int:0-3>[,<int:0-3>...]")

    Std.from_str = staticmethod(_from_str)

if __name__ == "__main__":
    main()
