"""Recurrent workloads of the PyTorch peer (imported by torch_bench.py)."""
import torch


def rnn_step(spec):
    """nn.LSTM / nn.GRU forward over [seq, batch, input] and backward of the summed output, to the input and every weight."""
    layer = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[spec["cell"]](spec["input"], spec["hidden"])
    x = torch.randn(spec["seq"], spec["batch"], spec["input"], requires_grad=True)

    def step():
        layer.zero_grad()
        out, _ = layer(x)
        out.sum().backward()
    return step
