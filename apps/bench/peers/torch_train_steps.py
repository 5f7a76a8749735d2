"""The PyTorch child of `pnpm --filter @dnn/bench bench:train`: a recipe's training steps (the same
layers, optimizer and batch as dnn's, on random Fashion-MNIST-shaped batches, a new one every step) in a
fresh process; prints one JSON line with the ms per timed step and the process's peak RSS.

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 apps/bench/peers/torch_train_steps.py \
        '{"model":"resnet20","batch":128,"optimizer":"adam","lr":0.001,"weightDecay":0}' STEPS WARMUP THREADS
"""
import json, resource, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

recipe = json.loads(sys.argv[1])
steps, warm_up, threads = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


class Block(nn.Module):
    """conv-bn-relu-conv-bn plus the shortcut (a 1×1 conv + bn projection when the shape changes), then relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (self.downsample(x) if self.downsample is not None else x))


class ResNet20(nn.Module):
    """@dnn/models' resnet20({ inChannels: 1 }): 3×3 stem, three stages of 3 blocks (16, 32, 64 channels)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for s, width in enumerate([16, 32, 64]):
            for b in range(3):
                blocks.append(Block(cin, width, 2 if b == 0 and s > 0 else 1)); cin = width
        self.layers = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        y = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(F.adaptive_avg_pool2d(y, 1).flatten(1))


net = lenet5() if recipe['model'] == 'lenet5' else ResNet20()
opt = (torch.optim.AdamW(net.parameters(), lr=recipe['lr'], weight_decay=recipe['weightDecay']) if recipe['optimizer'] == 'adamw'
       else torch.optim.Adam(net.parameters(), lr=recipe['lr']))
batch = recipe['batch']


def step():
    x, y = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    loss = F.cross_entropy(net(x), y)
    opt.zero_grad(); loss.backward(); opt.step()
    loss.item()


for _ in range(warm_up):
    step()
t = time.perf_counter()
for _ in range(steps):
    step()
ms = (time.perf_counter() - t) * 1000 / steps
# ru_maxrss: the peak over the whole process, in KiB on Linux
print(json.dumps({'impl': f'torch {torch.__version__} ({threads} thread{"" if threads == 1 else "s"})', 'steps': steps, 'batch': batch,
                  'msPerStep': ms, 'maxRssKiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
