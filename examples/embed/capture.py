"""Writes model.ir, the graph the embedding example runs (needs torch)."""
import torch


def scale_shift_relu(x: torch.Tensor) -> torch.Tensor:
    return torch.relu(x * 2.0 + 1.0)


with open("model.ir", "w") as f:
    f.write("# torch.jit.script(scale_shift_relu).graph, captured by capture.py\n")
    f.write(str(torch.jit.script(scale_shift_relu).graph))
# The input main.cpp makes; expected.txt is what PyTorch prints for the result.
x = torch.tensor([[-2.0, -0.5, 0.0], [0.5, 1.0, 2.0]])
with open("expected.txt", "w") as f:
    f.write(str(scale_shift_relu(x)) + "\n")
