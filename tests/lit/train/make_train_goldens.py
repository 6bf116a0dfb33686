"""PyTorch's runs that kiln train must reproduce (dev time; needs torch).

    /usr/bin/python3 tests/lit/train/make_train_goldens.py

Writes into Inputs/: digits.npz (the first 200 digits of
examples/digits/digits.csv.gz, x as float32 [N, 1, 8, 8] scaled to [0, 1],
y int64), digits_ignore.npz (the same with every fifth label -1, for
ignore_index), digits_multilabel.npz (the same x, y float32 [N, 10]: 1 at
the digit and at the digit + 3 mod 10, 0.5 at the digit + 1, for
bce_with_logits), pairs.npz (the first 40 digits, y float32 [N, 2]: too
few targets for bce_with_logits, for errors.test), each model's initial weights (<model>.init.safetensors, from
torch.manual_seed(0)), and for each run the per-step losses
(<run>.losses.csv: epoch,step,loss) and the final state dict
(<run>.final.safetensors). Runs use the batches in order (kiln train
--no-shuffle --validation 0), batch size 32 (the last batch of each epoch
has 8), 2 epochs, with torch.optim's single-tensor update rules.
"""
import csv
import gzip
import importlib.util
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "python"))
from tensorfiles import write_safetensors  # noqa: E402

INPUTS = os.path.join(HERE, "Inputs")
EPOCHS, BATCH = 2, 32

# run name -> (model file, class, loss, optimizer, its arguments[, data
# set, the loss's keyword arguments])
RUNS = {
    "mlp_sgd": ("mlp.py", "MLP", "cross_entropy", torch.optim.SGD,
                dict(lr=0.1, momentum=0.9)),
    "mlp_adam": ("mlp.py", "MLP", "cross_entropy", torch.optim.Adam,
                 dict(lr=0.01)),
    "cnn_sgd": ("cnn.py", "CNN", "nll", torch.optim.SGD,
                dict(lr=0.05, momentum=0.9)),
    "cnn_adam": ("cnn.py", "CNN", "nll", torch.optim.Adam, dict(lr=0.005)),
    # Batch norm in training mode: batch statistics, running statistics and
    # num_batches_tracked updated by every step.
    "bn_sgd": ("bn.py", "BNNet", "cross_entropy", torch.optim.SGD,
               dict(lr=0.1, momentum=0.9, weight_decay=1e-3)),
    # The losses' options (loss_options.test).
    "mlp_smooth_ignore": ("mlp.py", "MLP", "cross_entropy", torch.optim.SGD,
                          dict(lr=0.1, momentum=0.9), "digits_ignore",
                          dict(label_smoothing=0.1, ignore_index=-1)),
    "mlp_sum": ("mlp.py", "MLP", "cross_entropy", torch.optim.SGD,
                dict(lr=0.005), "digits", dict(reduction="sum")),
    "mlp_bce": ("mlp.py", "MLP", "bce_with_logits", torch.optim.Adam,
                dict(lr=0.01), "digits_multilabel", {}),
    # Parameters the loss does not reach (detached): no .grad, so SGD's
    # weight decay and momentum leave them alone (unreached.test).
    "detached_sgd": ("detached.py", "Detached", "cross_entropy",
                     torch.optim.SGD,
                     dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
}

LOSSES = {
    "cross_entropy": F.cross_entropy,
    "nll": F.nll_loss,
    "bce_with_logits": F.binary_cross_entropy_with_logits,
}


def load_class(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def digits(count):
    path = os.path.join(ROOT, "examples", "digits", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        rows = [list(map(int, line.split(","))) for line in f][:count]
    data = np.array(rows)
    x = (data[:, :64] / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    y = data[:, 64].astype(np.int64)
    return x, y


def main():
    torch.set_num_threads(1)
    x, y = digits(200)
    ignore = y.copy()
    ignore[::5] = -1
    multilabel = np.zeros((len(y), 10), np.float32)
    rows = np.arange(len(y))
    multilabel[rows, y] = 1
    multilabel[rows, (y + 3) % 10] = 1
    multilabel[rows, (y + 1) % 10] = 0.5
    datasets = {"digits": y, "digits_ignore": ignore,
                "digits_multilabel": multilabel}
    for name, labels in datasets.items():
        np.savez(os.path.join(INPUTS, name + ".npz"), x=x, y=labels)
    np.savez(os.path.join(INPUTS, "pairs.npz"), x=x[:40],
             y=multilabel[:40, :2])
    inits = {}
    for file, cls, *_ in RUNS.values():
        if file in inits:
            continue
        torch.manual_seed(0)
        model = load_class(os.path.join(INPUTS, file), cls)()
        inits[file] = {k: v.clone() for k, v in model.state_dict().items()}
        write_safetensors(os.path.join(INPUTS, file[:-3] + ".init.safetensors"),
                          inits[file])
    for run, (file, cls, loss_name, optim, kwargs, *rest) in RUNS.items():
        data, loss_kwargs = rest if rest else ("digits", {})
        model = load_class(os.path.join(INPUTS, file), cls)()
        model.load_state_dict(inits[file])
        model.train()
        opt = optim(model.parameters(), foreach=False, **kwargs)
        rows, step = [], 0
        xt, yt = torch.from_numpy(x), torch.from_numpy(datasets[data])
        for epoch in range(1, EPOCHS + 1):
            for begin in range(0, len(x), BATCH):
                opt.zero_grad()
                loss = LOSSES[loss_name](model(xt[begin:begin + BATCH]),
                                         yt[begin:begin + BATCH],
                                         **loss_kwargs)
                loss.backward()
                opt.step()
                step += 1
                rows.append((epoch, step, "%.9g" % loss.item()))
        with open(os.path.join(INPUTS, run + ".losses.csv"), "w",
                  newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["epoch", "step", "loss"])
            w.writerows(rows)
        write_safetensors(os.path.join(INPUTS, run + ".final.safetensors"),
                          model.state_dict())


if __name__ == "__main__":
    main()
