import { describe, it, expect } from 'vitest';
import { randn, manualSeed, noGrad, ShapeError, Device, createCpuBackend } from '@dnn/tensor';
import { Conv2d, LocalResponseNorm } from '@dnn/conv';
import { alexnet, googlenet, resnet18, resnet34, resnet50, resnet101, resnet20, resnet56, convNet, formatSummary } from './index';

describe('model zoo', () => {
  it('parameter counts equal torchvision’s', () => {
    expect(alexnet().numParameters()).toBe(61_100_840);
    expect(resnet18().numParameters()).toBe(11_689_512);
    expect(resnet34().numParameters()).toBe(21_797_672);
    expect(resnet50().numParameters()).toBe(25_557_032);
    expect(resnet101().numParameters()).toBe(44_549_160);
    expect(googlenet().numParameters()).toBe(6_624_904);
    expect(googlenet({ auxLogits: true }).numParameters()).toBe(13_004_888);
  }, 180_000);

  it("AlexNet 'original' uses LRN and the two-tower split as groups = 2 in conv2, conv4, conv5", () => {
    const net = alexnet({ variant: 'original', numClasses: 10 });
    const convs = net.modules().filter((m): m is Conv2d => m instanceof Conv2d);
    expect(convs.map((c) => c.groups)).toEqual([1, 2, 1, 2, 2]);
    expect(convs.map((c) => c.outChannels)).toEqual([96, 256, 384, 384, 256]);
    expect(net.modules().filter((m) => m instanceof LocalResponseNorm)).toHaveLength(2);
    // grouping halves the weights of the split layers: 256·48·25 instead of 256·96·25
    expect(convs[1]!.weight.shape).toEqual([256, 48, 5, 5]);
    // moved to a second device, it runs there at the smallest input it accepts (63×63); eval forward only,
    // since its 61 million parameters are too many to differentiate in a unit test
    const other = new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-second');
    net.eval().to(other);
    manualSeed(1);
    expect(noGrad(() => net.forward(randn([1, 3, 63, 63], { device: other }))).shape).toEqual([1, 10]);
  }, 60_000);

  it('CIFAR-style ResNets have 6n+2 layers and the paper’s sizes', () => {
    const r20 = resnet20({ inChannels: 1 });
    manualSeed(0);
    expect(noGrad(() => r20.forward(randn([2, 1, 28, 28]))).shape).toEqual([2, 10]);
    const convs = (m: ReturnType<typeof resnet20>) => m.modules().filter((c) => c instanceof Conv2d && c.kernelSize[0] === 3).length;
    expect(convs(r20) + 1).toBe(20); // 3×3 convs + the fc layer
    expect(convs(resnet56()) + 1).toBe(56);
    expect(r20.numParameters()).toBeLessThan(300_000);
    expect(() => r20.forward(randn([1, 3, 28, 28]))).toThrow(ShapeError);
  });

  it('GoogLeNet returns auxiliary logits in training only', () => {
    const net = googlenet({ auxLogits: true, numClasses: 5 });
    manualSeed(1);
    const x = randn([1, 3, 96, 96]);
    const train = noGrad(() => net.forwardWithAux(x));
    expect(train.aux1?.shape).toEqual([1, 5]);
    expect(train.aux2?.shape).toEqual([1, 5]);
    net.eval();
    const evalOut = noGrad(() => net.forwardWithAux(x));
    expect(evalOut.aux1).toBeNull();
    expect(evalOut.logits.shape).toEqual([1, 5]);
  }, 60_000);

  it('convNet builds N blocks of M convs + pooling, then K fully connected layers', () => {
    const net = convNet({ inChannels: 1, inputSize: [28, 28], numClasses: 10, blocks: [{ convs: 2, channels: 8 }, { convs: 1, channels: 16, pool: 2 }], fc: [64, 32] });
    const names = net.namedParameters().map(([n]) => n);
    expect(names).toEqual([
      'block1.conv1.weight', 'block1.conv1.bias', 'block1.conv2.weight', 'block1.conv2.bias',
      'block2.conv1.weight', 'block2.conv1.bias', 'fc1.0.weight', 'fc1.0.bias', 'fc2.0.weight', 'fc2.0.bias',
      'output.weight', 'output.bias',
    ]);
    // 28 → 14 → 7 → 3 after three 2×2 poolings
    expect(net.stateDict()['fc1.0.weight']!.shape).toEqual([64, 16 * 3 * 3]);
    manualSeed(2);
    expect(noGrad(() => net.forward(randn([2, 1, 28, 28]))).shape).toEqual([2, 10]);
    expect(formatSummary(net, [1, 28, 28])).toMatch(/block2 .* \[1, 16, 3, 3\]/);
  });
});
