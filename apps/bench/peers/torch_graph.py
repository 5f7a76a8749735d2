"""PyTorch peer of the graph rows (workloads-graph.ts), used by torch_bench.py: a 2-layer GCN with
torch.sparse.mm on the normalized adjacency, and a 2-layer GAT with gather / index_add_ and a
per-target softmax (max by scatter_reduce, as PyG does), forward + backward of the cross-entropy
over every node, on a two-class stochastic block model drawn like @dnn/graph's contextualSbm."""
import warnings

import torch
import torch.nn.functional as F

# scatter_reduce is marked beta in PyTorch 1.13; it is the documented way to take a per-target max
warnings.filterwarnings("ignore", message="scatter_reduce")


def sbm(n, edges, h=0.8, gen=None):
    """Undirected two-class SBM with about `edges` directed edges, no self-loops or duplicates."""
    m = edges // 2
    u = torch.randint(0, n, (m,), generator=gen)
    same = torch.rand(m, generator=gen) < h
    cls = torch.where(same, u % 2, 1 - u % 2)
    v = cls + 2 * torch.randint(0, n // 2, (m,), generator=gen)
    keep = u != v
    u, v = u[keep], v[keep]
    key = torch.unique(torch.minimum(u, v) * n + torch.maximum(u, v))
    a, b = key // n, key % n
    return torch.stack([torch.cat([a, b]), torch.cat([b, a])])


def gcn_adjacency(ei, n):
    loops = torch.arange(n)
    src, dst = torch.cat([ei[0], loops]), torch.cat([ei[1], loops])
    deg = torch.zeros(n).index_add_(0, dst, torch.ones(dst.numel()))
    w = deg[src].rsqrt() * deg[dst].rsqrt()
    return torch.sparse_coo_tensor(torch.stack([dst, src]), w, (n, n)).coalesce()


def gat_layer(x, src, dst, n, lin, att_src, att_dst, heads, out):
    h = (x @ lin.T).view(n, heads, out)
    a_s, a_d = (h * att_src).sum(-1), (h * att_dst).sum(-1)
    e = F.leaky_relu(a_s[src] + a_d[dst], 0.2)
    emax = torch.full((n, heads), float('-inf')).scatter_reduce(0, dst[:, None].expand(-1, heads), e.detach(), 'amax')
    p = torch.exp(e - emax[dst])
    s = torch.zeros(n, heads).index_add_(0, dst, p)
    alpha = p / (s[dst] + 1e-16)
    return torch.zeros(n, heads, out).index_add_(0, dst, h[src] * alpha[..., None]).reshape(n, heads * out)


def gnn_step(spec):
    gen = torch.Generator().manual_seed(7)
    n, f, hid, c, heads = spec['nodes'], spec['features'], spec['hidden'], spec['classes'], spec['heads']
    ei = sbm(n, spec['edges'], gen=gen)
    x = torch.randn(n, f, generator=gen)
    y = torch.randint(0, c, (n,), generator=gen)
    if spec['model'] == 'gcn':
        adj = gcn_adjacency(ei, n)
        w1, b1 = torch.randn(hid, f, requires_grad=True), torch.zeros(hid, requires_grad=True)
        w2, b2 = torch.randn(c, hid, requires_grad=True), torch.zeros(c, requires_grad=True)
        params = [w1, b1, w2, b2]

        def forward():
            h = torch.relu(torch.sparse.mm(adj, x @ w1.T) + b1)
            return torch.sparse.mm(adj, h @ w2.T) + b2
    else:
        loops = torch.arange(n)
        src, dst = torch.cat([ei[0], loops]), torch.cat([ei[1], loops])
        per = hid // heads
        l1 = torch.randn(hid, f, requires_grad=True)
        s1, d1 = torch.randn(1, heads, per, requires_grad=True), torch.randn(1, heads, per, requires_grad=True)
        l2 = torch.randn(c, hid, requires_grad=True)
        s2, d2 = torch.randn(1, 1, c, requires_grad=True), torch.randn(1, 1, c, requires_grad=True)
        params = [l1, s1, d1, l2, s2, d2]

        def forward():
            h = torch.relu(gat_layer(x, src, dst, n, l1, s1, d1, heads, per))
            return gat_layer(h, src, dst, n, l2, s2, d2, 1, c)

    def step():
        torch.autograd.grad(F.cross_entropy(forward(), y), params)
    return step
