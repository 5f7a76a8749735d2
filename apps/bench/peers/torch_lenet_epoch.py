"""One epoch of the modern LeNet-5 on the full Fashion-MNIST in PyTorch, for comparison with
`pnpm dnn train lenet5 --epochs 1` (same layers, AdamW lr 2e-3 weight decay 0.05, batch 64, then the
10,000-image test pass at batch 500 as the CLI runs it).

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 apps/bench/peers/torch_lenet_epoch.py THREADS

Prints the training time and the training + test time: the CLI's progress bar ends with the first, its
epoch table row (and metrics.json's `seconds`) gives the second.
"""
import gzip, time, sys, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
threads = int(sys.argv[1]); torch.set_num_threads(threads)
def idx(p, off):
    return np.frombuffer(gzip.open(p).read(), dtype=np.uint8, offset=off)
def images(split):
    x = torch.tensor(idx(d + f'{split}-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255)
    return (x - 0.286) / 0.353, torch.tensor(idx(d + f'{split}-labels-idx1-ubyte.gz', 8).astype(np.int64))
d = '/usr/share/datasets/fashion-mnist/'
x, y = images('train')
tx, ty = images('t10k')
torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.05)
perm = torch.randperm(60000)
t = time.time()
for i in range(0, 60000, 64):
    b = perm[i:i + 64]
    loss = F.cross_entropy(net(x[b]), y[b])
    opt.zero_grad(); loss.backward(); opt.step()
train_s = time.time() - t
# the test pass: loss and accuracy over the 10,000 test images, batch 500, no gradients
net.eval()
loss_sum, correct = 0.0, 0
with torch.no_grad():
    for i in range(0, 10000, 500):
        out = net(tx[i:i + 500])
        loss_sum += F.cross_entropy(out, ty[i:i + 500]).item() * out.shape[0]
        correct += (out.argmax(1) == ty[i:i + 500]).sum().item()
total_s = time.time() - t
print(f'torch {threads} thread(s): LeNet-5 modern epoch: training {train_s:.2f} s ({60000 / train_s:.0f} images/s), '
      f'training + test {total_s:.2f} s (test loss {loss_sum / 10000:.4f}, accuracy {100 * correct / 10000:.2f}%)')
