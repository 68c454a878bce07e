#!/usr/bin/env python3
"""The PyTorch reference for the C++ trainer's benchmark.

The same network and recipe as cifar10-trainer's default (airbench94's:
whitening layer, three conv groups, frozen BatchNorm scales, Nesterov SGD in
airbench's units, warm-up/decay schedule, lookahead, alternating flips and
reflected shifts, test-time augmentation), on synthetic CIFAR-shaped data,
timed the same way: whitening, training epochs and the final evaluation
count; per-epoch evaluations and priming (--prime, on CUDA by default) do
not. Prints the trainer's lines:

  Epoch N, Validation accuracy=..., Train loss=..., lr=..., time=...s
  Final Validation accuracy=..., training seconds=...

Runs on Debian's python3-torch (1.13, CPU) and on a GPU node's PyTorch 2.x
(--compile uses torch.compile there).
"""
import argparse
import math
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch_size", type=int, default=1024)
    p.add_argument("--lr", type=float, default=11.5)
    p.add_argument("--mom", type=float, default=0.85)
    p.add_argument("--wd", type=float, default=0.0153)
    p.add_argument("--label_smoothing", type=float, default=0.2)
    p.add_argument("--bias_scaler", type=float, default=64.0)
    p.add_argument("--warmup", type=float, default=0.23)
    p.add_argument("--whiten_bias_epochs", type=int, default=3)
    p.add_argument("--tta", type=int, default=2, choices=[0, 1, 2])
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--train-size", type=int, default=50000)
    p.add_argument("--val-size", type=int, default=10000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--prime", default="auto", choices=["auto", "on", "off"],
                   help="untimed throwaway steps and evaluation first (auto: on CUDA)")
    p.add_argument("--compile", action="store_true",
                   help="torch.compile the network (PyTorch 2.x)")
    args = p.parse_args(argv)
    for name in ("epochs", "batch_size", "width", "train_size", "val_size",
                 "threads"):
        if getattr(args, name) < 1:
            p.error(f"--{name} must be at least 1")
    return args


class BatchNorm(nn.BatchNorm2d):
    def __init__(self, channels):
        super().__init__(channels, eps=1e-12, momentum=0.4)
        self.weight.requires_grad = False


class Conv(nn.Conv2d):
    def __init__(self, cin, cout):
        super().__init__(cin, cout, kernel_size=3, padding=1, bias=False)
        with torch.no_grad():
            nn.init.dirac_(self.weight[:min(cin, cout)])


class ConvGroup(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1, self.norm1 = Conv(cin, cout), BatchNorm(cout)
        self.conv2, self.norm2 = Conv(cout, cout), BatchNorm(cout)

    def forward(self, x):
        x = F.gelu(self.norm1(F.max_pool2d(self.conv1(x), 2)))
        return F.gelu(self.norm2(self.conv2(x)))


class Net(nn.Module):
    def __init__(self, width, channels=3, classes=10):
        super().__init__()
        self.whiten = nn.Conv2d(channels, 2 * channels * 4, 2, bias=True)
        self.whiten.weight.requires_grad = False
        self.group1 = ConvGroup(2 * channels * 4, width)
        self.group2 = ConvGroup(width, 4 * width)
        self.group3 = ConvGroup(4 * width, 4 * width)
        self.head = nn.Linear(4 * width, classes, bias=False)

    def forward(self, x):
        x = self.group3(self.group2(self.group1(F.gelu(self.whiten(x)))))
        return self.head(x.flatten(2).amax(2)) / 9


def whitening_filters(images, eps=5e-4):
    c = images.shape[1]
    patches = images.float().unfold(2, 2, 1).unfold(3, 2, 1)
    patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(-1, c * 4)
    cov = patches.T @ patches / patches.shape[0]
    values, vectors = torch.linalg.eigh(cov, UPLO="U")
    values, vectors = values.flip(0), vectors.T.flip(0)
    filters = vectors / (values + eps).sqrt().unsqueeze(1)
    return torch.cat([filters, -filters]).reshape(-1, c, 2, 2)


def augment(images, flipped, mirror_all, shift=2):
    n, _, h, w = images.shape
    dev = images.device
    rows = torch.arange(h, device=dev).view(1, h, 1)
    cols = torch.arange(w, device=dev).view(1, 1, w)

    def reflect(i, size):
        i = i.abs()
        return torch.where(i > size - 1, 2 * (size - 1) - i, i)

    rows = reflect(rows + torch.randint(-shift, shift + 1, (n, 1, 1), device=dev), h)
    cols = reflect(cols + torch.randint(-shift, shift + 1, (n, 1, 1), device=dev), w)
    flip = flipped.view(n, 1, 1) ^ mirror_all
    cols = torch.where(flip, (w - 1) - cols, cols)
    batch = torch.arange(n, device=dev).view(n, 1, 1)
    return images.permute(0, 2, 3, 1)[batch, rows, cols].permute(0, 3, 1, 2)


def predict(net, x, tta):
    if tta == 0:
        return net(x)
    mirror = lambda v: 0.5 * net(v) + 0.5 * net(v.flip(-1))
    logits = mirror(x)
    if tta == 1:
        return logits
    h, w = x.shape[2:]
    padded = F.pad(x, (1, 1, 1, 1), mode="reflect")
    shifted = 0.5 * mirror(padded[:, :, :h, :w]) + 0.5 * mirror(padded[:, :, 2:, 2:])
    return 0.5 * logits + 0.5 * shifted


def evaluate(net, images, labels, tta, normalise):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), 2000):
            x = normalise(images[i:i + 2000])
            correct += (predict(net, x, tta).argmax(1) == labels[i:i + 2000]).sum()
    return correct.item() / len(images)


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    cuda = torch.cuda.is_available() and args.device != "cpu"
    if args.device == "cuda" and not cuda:
        sys.exit("--device cuda: no CUDA GPU here")
    dev = torch.device("cuda" if cuda else "cpu")
    dtype = torch.half if cuda else torch.float
    memory = torch.channels_last if cuda else torch.contiguous_format
    if cuda:
        torch.backends.cudnn.benchmark = True

    # Synthetic CIFAR-shaped data: the work, not the accuracy, is compared.
    gen = torch.Generator().manual_seed(args.seed)
    train_x = torch.randint(0, 256, (args.train_size, 3, 32, 32), dtype=torch.uint8, generator=gen).to(dev)
    train_y = torch.randint(0, 10, (args.train_size,), generator=gen).to(dev)
    val_x = torch.randint(0, 256, (args.val_size, 3, 32, 32), dtype=torch.uint8, generator=gen).to(dev)
    val_y = torch.randint(0, 10, (args.val_size,), generator=gen).to(dev)
    mean = train_x.float().mean((0, 2, 3)).view(1, 3, 1, 1)
    std = train_x.float().std((0, 2, 3)).view(1, 3, 1, 1)
    normalise = lambda x: ((x.float() - mean) / std).to(dtype).contiguous(memory_format=memory)
    flipped = torch.randint(0, 2, (args.train_size,), device=dev).bool()

    net = Net(args.width).to(dev, dtype)
    for m in net.modules():
        if isinstance(m, BatchNorm):
            m.float()
    net = net.to(memory_format=memory)
    model = torch.compile(net) if args.compile else net

    batch = min(args.batch_size, args.train_size)
    steps_per_epoch = args.train_size // batch
    total = args.epochs * steps_per_epoch
    warm = min(int(total * args.warmup), total - 1)
    kilostep = 1024 * (1 + 1 / (1 - args.mom))
    lr, decay = args.lr / kilostep, args.wd * args.batch_size / kilostep
    norm_biases = [m.bias for m in net.modules() if isinstance(m, BatchNorm)]
    others = [p for n, p in net.named_parameters()
              if p.requires_grad and ".norm" not in n and n != "whiten.bias"]
    groups = [dict(params=norm_biases, lr=lr * args.bias_scaler,
                   weight_decay=decay / (lr * args.bias_scaler)),
              dict(params=[net.whiten.bias], lr=lr, weight_decay=decay / lr),
              dict(params=others, lr=lr, weight_decay=decay / lr)]
    for g in groups:
        g["base_lr"] = g["lr"]
    opt = torch.optim.SGD(groups, momentum=args.mom, nesterov=True)

    def factor(step):
        if step < warm:
            return 0.2 * (1 - step / warm) + step / warm
        done = (step - warm) / (total - warm)
        return (1 - done) + 0.07 * done

    def sync():
        if cuda:
            torch.cuda.synchronize()

    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing, reduction="sum")

    def train_step(idx, mirror_all):
        x = normalise(augment(train_x[idx], flipped[idx], mirror_all))
        loss = loss_fn(model(x).float(), train_y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.detach()

    def fit_whitening():
        with torch.no_grad():
            net.whiten.weight.copy_(whitening_filters(normalise(train_x[:5000]).float()))

    if args.prime == "on" or (args.prime == "auto" and cuda):
        # As the trainer's --prime: the one-off costs (cuDNN autotuning,
        # torch.compile) paid before the clock, then the initial state back.
        sync()
        primed = time.perf_counter()
        saved = {k: v.clone() for k, v in net.state_dict().items()}
        fit_whitening()
        for g in opt.param_groups:
            g["lr"] = 0.0
        net.train()
        order = torch.randperm(args.train_size, device=dev)
        for i in range(5):  # the trainer's: 3 eager, the capture, 1 replay
            j = i % steps_per_epoch
            train_step(order[j * batch:(j + 1) * batch], False)
        evaluate(model, val_x, val_y, args.tta, normalise)
        net.load_state_dict(saved)
        opt.state.clear()
        sync()
        print(f"primed in {time.perf_counter() - primed:.2f} s, untimed", file=sys.stderr)
    torch.manual_seed(args.seed + 1)

    sync()
    start = time.perf_counter()
    fit_whitening()
    ema = [t.detach().clone() for t in list(net.parameters()) + [b for b in net.buffers() if b.is_floating_point()]]
    seconds, step = 0.0, 0
    for epoch in range(1, args.epochs + 1):
        if epoch > args.whiten_bias_epochs:
            groups[1]["base_lr"] = 0.0
        net.train()
        order = torch.randperm(args.train_size, device=dev)
        loss_sum = torch.zeros((), device=dev)
        for i in range(steps_per_epoch):
            f = factor(step)
            for g in opt.param_groups:
                g["lr"] = g["base_lr"] * f
            loss_sum += train_step(order[i * batch:(i + 1) * batch], epoch % 2 == 0)
            step += 1
            if step % 5 == 0:
                d = 0.95 ** 5 * (step / total) ** 3
                state = list(net.parameters()) + [b for b in net.buffers() if b.is_floating_point()]
                with torch.no_grad():
                    for e, t in zip(ema, state):
                        e.lerp_(t, 1 - d)
                        t.copy_(e)
        if epoch == args.epochs:
            state = list(net.parameters()) + [b for b in net.buffers() if b.is_floating_point()]
            with torch.no_grad():
                for e, t in zip(ema, state):
                    t.copy_(e)
        mean_loss = loss_sum.item() / (steps_per_epoch * batch)
        seconds += time.perf_counter() - start
        acc = evaluate(model, val_x, val_y, 0, normalise)
        print(f"Epoch {epoch}, Validation accuracy={acc:.4f}, Train loss={mean_loss:.4f}, "
              f"lr={args.lr * f:.6f}, time={seconds:.2f}s", flush=True)
        sync()
        start = time.perf_counter()
    acc = evaluate(model, val_x, val_y, args.tta, normalise)
    sync()
    seconds += time.perf_counter() - start
    print(f"Final Validation accuracy={acc:.4f}, training seconds={seconds:.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
