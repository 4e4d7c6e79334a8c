"""Build the torch.nn model a tapegrad checkpoint describes.

tapegrad stores the model tree in the checkpoint's __metadata__["tapegrad.model"] as JSON:
{"format": "tapegrad-model/1", "model": {"type", "config", "children": [{"name", ...}]}}
(packages/nn/README.md, "The model description"). Config keys are PyTorch's keyword arguments in
camelCase, so a standard type is getattr(torch.nn, type)(**snake_case(config)). tapegrad's two
picker modules, which let a recurrent layer sit in a Sequential, are defined here.
"""
import json
import re
from collections import OrderedDict

import torch
from torch import nn

MODEL_KEY = "tapegrad.model"
MODEL_FORMAT = "tapegrad-model/1"


class FinalHidden(nn.Module):
    """The last layer's final hidden state, directions side by side: [batch, D*hidden]."""

    def forward(self, recurrent):
        output, state = recurrent
        h = state[0] if isinstance(state, tuple) else state  # LSTM returns (h_n, c_n)
        hidden = h.shape[-1]
        d = output.shape[-1] // hidden
        last = h[-d:]  # [D, batch, hidden] (or [D, hidden] unbatched)
        if h.dim() == 2:
            return last.reshape(d * hidden)
        return last.permute(1, 0, 2).reshape(h.shape[1], d * hidden)


class SequenceOutput(nn.Module):
    """Every step's output of the last layer (the first element of PyTorch's RNN result)."""

    def forward(self, recurrent):
        return recurrent[0]


# Types built straight from torch.nn with snake_case keyword arguments.
TORCH_TYPES = ["Linear", "Embedding", "Dropout", "Flatten", "LayerNorm", "ReLU", "Tanh", "Sigmoid", "GELU", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]
PICKERS = {"FinalHidden": FinalHidden, "SequenceOutput": SequenceOutput}


def snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def build_module(spec, path="model"):
    """torch.nn module for one description entry (children first, in order)."""
    kind = spec.get("type")
    config = {snake_case(k): v for k, v in (spec.get("config") or {}).items()}
    children = spec.get("children") or []
    if kind == "Sequential":
        return nn.Sequential(OrderedDict((c["name"], build_module(c, f"{path}.{c['name']}")) for c in children))
    if children:
        raise ValueError(f"{path} ({kind}): only Sequential has children here, the description lists {[c['name'] for c in children]}")
    if kind in PICKERS:
        return PICKERS[kind]()
    if kind in TORCH_TYPES:
        try:
            return getattr(nn, kind)(**config)
        except TypeError as e:
            raise ValueError(f"{path} ({kind}): config {config} does not fit torch.nn.{kind}: {e}") from None
    known = ", ".join(sorted(TORCH_TYPES + list(PICKERS) + ["Sequential"]))
    raise ValueError(f"{path}: unknown module type {kind!r}; this reader builds {known}")


def model_from_checkpoint(tensors, metadata, source="checkpoint"):
    """The described torch.nn model with the checkpoint's weights loaded (strictly), float32."""
    if MODEL_KEY not in metadata:
        raise ValueError(f"{source}: no __metadata__[{MODEL_KEY!r}]; save it with a tapegrad that describes its models")
    doc = json.loads(metadata[MODEL_KEY])
    if doc.get("format") != MODEL_FORMAT:
        raise ValueError(f"{source}: model description format {doc.get('format')!r}, this reader knows {MODEL_FORMAT!r}")
    model = build_module(doc["model"])
    state = {name: torch.from_numpy(array.astype("float32")) for name, array in tensors.items()}
    model.load_state_dict(state, strict=True)
    return model
