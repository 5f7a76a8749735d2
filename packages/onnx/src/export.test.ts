import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DTypeError, Linear, conv2d, Module, avgPool2d, convTranspose2d, maxPool2d, Parameter, ReLU, Sequential, Softmax, Tanh, Sigmoid, Tensor, concat, flip, logSoftmax, manualSeed, max, mean, narrow, pad,
  permute, randn, scatterAdd, softmax, spmm, sum, tensor, where,
} from '@dnn/tensor';
import { toOnnx, decodeModel, UnsupportedOpError } from './index';
import { expectOrtMatches } from './testing.test-helper';

const batchAxis = { input: { 0: 'batch' }, output: { 0: 'batch' } };

describe('toOnnx', () => {
  it('writes an MLP that ONNX Runtime runs like dnn on another batch size', async () => {
    manualSeed(1);
    const mlp = new Sequential(new Linear(12, 16), new ReLU(), new Linear(16, 8), new Tanh(), new Linear(8, 5), new Sigmoid(), new Softmax({ dim: 1 }));
    const bytes = toOnnx(mlp, randn([3, 12]), { dynamicAxes: batchAxis });
    const model = decodeModel(bytes);
    expect(model.opsetImport[0]!.version).toBe(17);
    expect(model.producerVersion).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    expect(model.graph.initializer.map((t) => t.name)).toEqual(expect.arrayContaining(['0.weight', '0.bias', '2.weight', '4.bias']));
    expect(model.graph.input[0]!.type.tensorType.shape.dim[0]).toEqual(expect.objectContaining({ dimParam: 'batch' }));
    await expectOrtMatches(bytes, mlp, randn([7, 12]), 1e-4);
  });

  it('writes a fused convolution + bias + relu as Conv with its bias and Relu, and a fused Linear + ReLU without a Reshape', async () => {
    class ConvRelu extends Module {
      readonly weight = Parameter.from(randn([4, 2, 3, 3]));
      readonly bias = Parameter.from(randn([4]));
      readonly head = new Linear(4 * 5 * 5, 3);
      forward(x: Tensor): Tensor {
        const y = conv2d(x, this.weight, this.bias, { activation: 'relu' });
        return this.head.forwardActivated(y.reshape([x.shape[0]!, 4 * 5 * 5]), 'relu');
      }
    }
    manualSeed(4);
    const m = new ConvRelu();
    const bytes = toOnnx(m, randn([2, 2, 7, 7]), { dynamicAxes: batchAxis });
    const nodes = decodeModel(bytes).graph.node;
    const conv = nodes.find((n) => n.opType === 'Conv')!;
    expect(conv.input).toHaveLength(3);
    expect(nodes.filter((n) => n.opType === 'Relu')).toHaveLength(2);
    expect(nodes.filter((n) => n.opType === 'Add')).toHaveLength(1);
    expect(nodes.filter((n) => n.opType === 'Reshape')).toHaveLength(1);
    await expectOrtMatches(bytes, m, randn([3, 2, 7, 7]), 1e-4);
  });

  it('exports element-wise, reduction and movement ops that ONNX Runtime reproduces', async () => {
    class Mixed extends Module {
      readonly scale = Parameter.from(randn([4]));
      forward(x: Tensor): Tensor {
        const n = x.shape[0]!;
        const y = x.exp().log1p().sub(x.abs().sqrt()).div(x.square().add(1)).mul(this.scale);
        const z = narrow(flip(permute(y, [0, 2, 1]), 1), 1, 1, 2).reshape([n, 6]);
        const r = sum(z, [1], true).add(mean(z, [1], true)).mul(max(z, 1, true)).expand([n, 6]);
        const w = where(z.gt(0), z, r.square().add(1).rsqrt().maximum(0.5));
        return concat([pad(w, [1, 2]), logSoftmax(z, 1), softmax(z.sigmoid(), 0)], 1);
      }
    }
    manualSeed(2);
    const m = new Mixed();
    const bytes = toOnnx(m, randn([3, 3, 4]), { dynamicAxes: batchAxis });
    expect(decodeModel(bytes).graph.initializer.map((t) => t.name)).toContain('scale');
    await expectOrtMatches(bytes, m, randn([5, 3, 4]), 1e-4);
  });

  it('exports transposed convolutions and pooling with ceil mode, padding and divisors as ONNX Runtime runs them', async () => {
    class Pools extends Module {
      readonly weight = Parameter.from(randn([4, 3, 3, 3]));
      forward(x: Tensor): Tensor {
        const up = convTranspose2d(x, this.weight, null, { stride: 2, padding: 1, outputPadding: 1, groups: 1 });
        const a = maxPool2d(up, { kernelSize: 3, stride: 2, ceilMode: true });
        const b = avgPool2d(up, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false });
        const c = avgPool2d(up, { kernelSize: 2, divisorOverride: 3 });
        return concat([a.flatten(1), b.flatten(1), c.flatten(1)], 1);
      }
    }
    manualSeed(3);
    const m = new Pools();
    const bytes = toOnnx(m, randn([3, 4, 5, 5]), { dynamicAxes: batchAxis });
    await expectOrtMatches(bytes, m, randn([5, 4, 5, 5]), 1e-4);
  });

  it('exports scatterAdd and a COO sparse × dense product (spmm) as ScatterElements with add', async () => {
    class Scatters extends Module {
      readonly base = Parameter.from(randn([3, 4]));
      readonly weight = Parameter.from(randn([7]));
      forward(x: Tensor): Tensor {
        // x [N, 4] with N fixed by the graph (no dynamic axis): rows 0 and 1 of x added onto base rows 2 and 0
        const index = tensor([[2, 2, 2, 2], [0, 0, 0, 0]], { dtype: 'int32' });
        const s = scatterAdd(this.base, 0, index, narrow(x, 0, 0, 2));
        const row = tensor([0, 1, 1, 2, 2, 2, 0], { dtype: 'int32' });
        const col = tensor([3, 0, 2, 1, 3, 3, 0], { dtype: 'int32' });
        return concat([s, spmm(row, col, this.weight, x, 3), spmm(row, col, this.weight.abs().reshape([7, 1]).expand([7, 2]), x.reshape([4, 2, 2]), 3).reshape([3, 4])], 1);
      }
    }
    manualSeed(4);
    const m = new Scatters();
    const bytes = toOnnx(m, randn([4, 4]));
    expect(decodeModel(bytes).graph.node.map((n) => n.opType)).toContain('ScatterElements');
    await expectOrtMatches(bytes, m, randn([4, 4]), 1e-4);
  });

  it('names the op and the module path when ONNX has no equivalent', () => {
    class Anys extends Module {
      forward(x: Tensor): Tensor {
        return x.gt(0).any([1]).cast('float32');
      }
    }
    const net = new Sequential(new Linear(4, 4), new Anys());
    expect(() => toOnnx(net, randn([1, 4]))).toThrow(UnsupportedOpError);
    expect(() => toOnnx(net, randn([1, 4]))).toThrow("toOnnx: op 'any' in module '1' has no ONNX equivalent");
  });

  it('refuses float16 models with a DTypeError (not exported yet)', () => {
    const net = new Linear(4, 2, { dtype: 'float16' });
    expect(() => toOnnx(net, randn([1, 4], { dtype: 'float16' }))).toThrow(DTypeError);
    expect(() => toOnnx(net, randn([1, 4], { dtype: 'float16' }))).toThrow(/is float16, which is not exported yet/);
  });
});
