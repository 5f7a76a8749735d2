"""PyTorch peer for @dnn/bench: reads {"workloads": [{"name", "spec"}], "budget_s"} on stdin and
prints one JSON list of {"workload", "ms", "runs"} (or "unsupported") on stdout, on job["threads"]
threads (default 1)."""
import json
import sys
import time

import torch
import torch.nn.functional as F

import torch_generative

MIN_RUNS, MAX_RUNS = 3, 200


def time_runner(run, budget_s):
    """Same policy as the TypeScript harness: a warm-up, then repetitions within the budget; the median."""
    def once():
        t0 = time.perf_counter()
        run()
        return (time.perf_counter() - t0) * 1000

    warm = once()
    if warm > budget_s * 1000:
        return warm, 1
    times, start = [], time.perf_counter()
    while len(times) < MAX_RUNS and (len(times) < MIN_RUNS or time.perf_counter() - start < budget_s):
        times.append(once())
    times.sort()
    m = len(times) // 2
    return (times[m] if len(times) % 2 else (times[m - 1] + times[m]) / 2), len(times)


def build(spec):
    kind = spec["kind"]
    if kind == "matmul":
        a, b = torch.randn(spec["n"], spec["n"]), torch.randn(spec["n"], spec["n"])
        return lambda: a @ b
    if kind == "matmul-mkn":
        # the same B every run; W stored [n, k] and used transposed, as a layer's weight
        a = torch.randn(spec["m"], spec["k"])
        b = torch.randn(spec["n"], spec["k"]).t() if spec["transposeB"] else torch.randn(spec["k"], spec["n"])
        return lambda: a @ b
    if kind == "add":
        a, b = torch.randn(spec["n"]), torch.randn(spec["n"])
        return lambda: a + b
    if kind == "conv2d":
        x = torch.randn(*spec["x"], requires_grad=spec["backward"])
        w = torch.randn(*spec["w"], requires_grad=spec["backward"])
        pad = spec["pad"]
        if not spec["backward"]:
            return lambda: F.conv2d(x, w, padding=pad)
        with torch.no_grad():
            dy = torch.randn_like(F.conv2d(x, w, padding=pad))

        def step():
            y = F.conv2d(x, w, padding=pad)
            torch.autograd.grad(y, [x, w], dy)
        return step
    if kind == "lenet-train":
        return lenet_step(spec["batch"], spec.get("optimizer", "sgd"))
    if kind in torch_generative.BUILDERS:
        return torch_generative.BUILDERS[kind](spec["batch"])
    if kind == "rnn-fwdbwd":
        from torch_recurrent import rnn_step
        return rnn_step(spec)
    if kind == "gnn":
        from torch_graph import gnn_step
        return gnn_step(spec)
    return None


def lenet_step(batch, optimizer="sgd"):
    """LeNet-5 (modern), as @dnn/models builds it: one SGD (or AdamW) step of softmax cross-entropy."""
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(),
        nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    opt = (torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.05) if optimizer == "adamw"
           else torch.optim.SGD(net.parameters(), lr=0.01))
    x, y = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(job.get("threads", 1))
    rows = []
    for w in job["workloads"]:
        run = build(w["spec"])
        if run is None:
            rows.append({"workload": w["name"], "unsupported": "no builder for " + w["spec"]["kind"]})
            continue
        trains = w["spec"].get("backward", False) or w["spec"]["kind"] in ("gnn", "rnn-fwdbwd") or w["spec"]["kind"].endswith("-train")
        with torch.inference_mode(mode=not trains):
            ms, runs = time_runner(run, job["budget_s"])
        rows.append({"workload": w["name"], "ms": ms, "runs": runs})
        print(f"  torch ({torch.get_num_threads()} threads) {w['name']}: {ms:.2f} ms ({runs} runs)", file=sys.stderr, flush=True)
    json.dump({"torch": torch.__version__, "rows": rows}, sys.stdout)


if __name__ == "__main__":
    main()
