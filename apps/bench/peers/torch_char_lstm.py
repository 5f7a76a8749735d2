"""PyTorch peer of `dnn train char-lstm` (variant small): the same model, data split, windows, optimizer,
cosine schedule, batch size and epochs; prints test bits per character after each epoch.

    /usr/bin/python3 apps/bench/peers/torch_char_lstm.py [README.md docs/architecture.md …]
"""
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, NEWLINE, OTHER, STEPS = 97, 95, 96, 64
EPOCHS, BATCH, LR = 10, 32, 3e-3


def encode(ch):
    c = ord(ch)
    return c - 32 if 32 <= c <= 126 else NEWLINE if c == 10 else OTHER


def windows(tokens):
    n = (len(tokens) - 1) // STEPS
    t = torch.tensor(tokens[: n * STEPS + 1])
    return t[: n * STEPS].reshape(n, STEPS), t[1: n * STEPS + 1].reshape(n, STEPS)


class CharLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, 32)
        self.lstm = nn.LSTM(32, 128, batch_first=True)
        self.head = nn.Linear(128, VOCAB)

    def forward(self, x):
        return self.head(self.lstm(self.embedding(x))[0])


def main():
    files = sys.argv[1:] or ['README.md', 'docs/architecture.md']
    text = '\n'.join(open(f, encoding='utf8').read() for f in files)
    tokens = [encode(c) for c in text]
    cut = int(len(tokens) * 0.9)
    (xtr, ytr), (xte, yte) = windows(tokens[:cut]), windows(tokens[cut:])
    torch.manual_seed(0)
    model = CharLSTM()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        for idx in torch.randperm(len(xtr)).split(BATCH):
            opt.zero_grad()
            F.cross_entropy(model(xtr[idx]).reshape(-1, VOCAB), ytr[idx].reshape(-1)).backward()
            opt.step()
        sched.step()
        model.eval()
        with torch.no_grad():
            loss = F.cross_entropy(model(xte).reshape(-1, VOCAB), yte.reshape(-1)).item()
        print(f'epoch {epoch}: test {loss:.4f} nats, {loss / math.log(2):.4f} bits per character')


if __name__ == '__main__':
    main()
