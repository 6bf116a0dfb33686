# The script of model.ir (see capture.py), which embed_script compiles.
import torch


def scale_shift_relu(x: torch.Tensor) -> torch.Tensor:
    return torch.relu(x * 2.0 + 1.0)
