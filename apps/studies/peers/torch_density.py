"""PyTorch peer of `pnpm --filter @dnn/studies density`: the same VAE (784-400-20, Bernoulli, binarized at
0.5) and RealNVP (4 affine couplings, MLP 784-256-1568, tanh scale, alternating even/odd masks, logit
transform with alpha 0.05 on uniformly dequantized pixels), trained the same way (Adam, batch 128, same
epochs and learning rates), evaluated on the same test images. Prints a JSON object of the figures.

/usr/bin/python3 apps/studies/peers/torch_density.py [EPOCHS] [FLOW_EPOCHS] [TEST]
"""
import gzip
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DIR = '/usr/share/datasets/fashion-mnist'
ALPHA = 0.05
torch.manual_seed(0)
torch.set_num_threads(1)


def idx(name, offset):
    with gzip.open(f'{DIR}/{name}') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def mlp(sizes):
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
    return nn.Sequential(*layers)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc, self.dec = mlp([784, 400, 40]), mlp([20, 400, 784])

    def log_weights(self, x, k):
        mu, logvar = self.enc(x).chunk(2, 1)
        std = (0.5 * logvar).exp()
        z = mu + std * torch.randn(k, *mu.shape)
        logits = self.dec(z)
        log_px = -F.binary_cross_entropy_with_logits(logits, x.expand_as(logits), reduction='none').sum(-1)
        log_pz = (-0.5 * (z ** 2 + math.log(2 * math.pi))).sum(-1)
        log_q = (-0.5 * (((z - mu) / std) ** 2 + logvar + math.log(2 * math.pi))).sum(-1)
        return log_px + log_pz - log_q

    def elbo(self, x):
        mu, logvar = self.enc(x).chunk(2, 1)
        z = mu + (0.5 * logvar).exp() * torch.randn_like(mu)
        rec = -F.binary_cross_entropy_with_logits(self.dec(z), x, reduction='none').sum(1)
        return rec - 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(1)


class RealNVP(nn.Module):
    def __init__(self, d=784, k=4, hidden=256):
        super().__init__()
        self.nets = nn.ModuleList(mlp([d, hidden, 2 * d]) for _ in range(k))
        self.masks = [torch.tensor([(j + i) % 2 for j in range(d)], dtype=torch.float32) for i in range(k)]

    def log_prob(self, x):
        p = ALPHA + (1 - 2 * ALPHA) * x
        h = (p / (1 - p)).log()
        log_det = (math.log(1 - 2 * ALPHA) - p.log() - (1 - p).log()).sum(1)
        for net, m in zip(self.nets, self.masks):
            s, t = net(h * m).chunk(2, 1)
            s, t = s.tanh() * (1 - m), t * (1 - m)
            h = h * s.exp() + t
            log_det = log_det + s.sum(1)
        return (-0.5 * (h ** 2 + math.log(2 * math.pi))).sum(1) + log_det


def train(model, data, epochs, lr, loss_fn):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        order = torch.randperm(len(data))
        for i in range(0, len(data) - 127, 128):
            opt.zero_grad()
            loss = loss_fn(data[order[i:i + 128]])
            loss.backward()
            opt.step()


def main():
    epochs, flow_epochs, n_test = (int(a) for a in (sys.argv[1:] + ['2', '1', '2000'][len(sys.argv) - 1:])[:3])
    train_x = torch.tensor(idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 784), dtype=torch.float32)
    test_x = torch.tensor(idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 784)[:n_test], dtype=torch.float32)
    t0 = time.time()
    out = {'epochs': epochs, 'flowEpochs': flow_epochs, 'test': n_test, 'torch': torch.__version__}
    vae = VAE()
    train(vae, (train_x >= 127.5).float(), epochs, 1e-3, lambda x: -vae.elbo(x).mean())
    test_bin = (test_x >= 127.5).float()
    with torch.no_grad():
        out['vaeTestElbo'] = vae.elbo(test_bin).mean().item()
        iw = torch.cat([torch.logsumexp(vae.log_weights(test_bin[i:i + 50], 100), 0) - math.log(100) for i in range(0, 500, 50)])
        out['vaeTestIwae100'] = iw.mean().item()
    flow = RealNVP()
    train(flow, (train_x + torch.rand_like(train_x)) / 256, flow_epochs, 1e-3, lambda x: -flow.log_prob(x).mean())
    with torch.no_grad():
        lp = flow.log_prob((test_x + torch.rand_like(test_x)) / 256).mean().item()
    out['flowTestBitsPerDim'] = (-lp + 784 * math.log(256)) / (784 * math.log(2))
    out['minutes'] = (time.time() - t0) / 60
    print(json.dumps(out))


if __name__ == '__main__':
    main()
