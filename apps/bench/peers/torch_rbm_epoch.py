"""CD-1 on a 784→500 Bernoulli RBM at batch 100 in PyTorch, and scikit-learn's BernoulliRBM.partial_fit
(PCD-1) on the same batches, for comparison with `pnpm --filter @dnn/bench bench:rbm`.

    /usr/bin/python3 apps/bench/peers/torch_rbm_epoch.py BATCHES THREADS

Data: random binary vectors (a Fashion-MNIST-sized epoch is 600 batches of 100). The PyTorch step is
dnn's cdGradient + RBMTrainer update: p(h|v0), h0 ~ Bernoulli, v1 ~ Bernoulli(σ(b + h0 W)), p(h|v1),
W += lr(⟨p(h|v0) v0ᵀ⟩ − ⟨p(h|v1) v1ᵀ⟩), biases likewise. Prints one JSON line of ms per batch.
"""
import json, sys, time
import numpy as np
import torch
from sklearn.neural_network import BernoulliRBM

batches, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
nv, nh, bs, lr = 784, 500, 100, 0.01
data = (torch.rand(batches * bs, nv) < 0.5).float()
W = torch.randn(nh, nv) * 0.01
b = torch.zeros(nv)
c = torch.zeros(nh)


def cd1(v0):
    global W, b, c
    ph0 = torch.sigmoid(v0 @ W.T + c)
    h0 = (torch.rand_like(ph0) < ph0).float()
    pv1 = torch.sigmoid(h0 @ W + b)
    v1 = (torch.rand_like(pv1) < pv1).float()
    ph1 = torch.sigmoid(v1 @ W.T + c)
    n = v0.shape[0]
    W = W + lr * ((ph0.T @ v0) - (ph1.T @ v1)) / n
    c = c + lr * (ph0.mean(0) - ph1.mean(0))
    b = b + lr * (v0.mean(0) - v1.mean(0))


def timed(step, xs):
    step(xs[0])  # warm-up
    t = time.perf_counter()
    for i in range(1, len(xs)):
        step(xs[i])
    return (time.perf_counter() - t) * 1000 / (len(xs) - 1)


with torch.no_grad():
    torch_ms = timed(cd1, [data[i * bs:(i + 1) * bs] for i in range(batches)])
rbm = BernoulliRBM(n_components=nh, learning_rate=lr, batch_size=bs, n_iter=1, random_state=0)
np_data = data.numpy()  # float32: BernoulliRBM keeps float32 inputs
sk_ms = timed(rbm.partial_fit, [np_data[i * bs:(i + 1) * bs] for i in range(batches)])
print(json.dumps({'threads': threads, 'batches': batches, 'torchMsPerBatch': torch_ms, 'sklearnMsPerBatch': sk_ms,
                  'torch': torch.__version__}))
