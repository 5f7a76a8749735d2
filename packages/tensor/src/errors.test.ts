import { describe, expect, it } from 'vitest';
import { DTypeError, DeviceError, DnnError, ShapeError, ValueError } from './errors';
import { Device, cpu } from './device';
import { createCpuBackend } from './backend/cpu/index';
import { tensor, zeros } from './ops/creation';
import { matmul } from './ops/matmul';
import { conv2d } from './ops/conv';
import { concat } from './ops/movement';
import { tidy } from './memory';

/** Errors are typed and name the op and the shapes: the exact messages are part of the API. */
const cases: [string, () => unknown, new (m: string) => DnnError, string][] = [
  ['misaligned matmul', () => matmul(zeros([2, 3]), zeros([4, 5])), ShapeError, 'matmul: shapes [2,3] and [4,5] are not aligned (3 != 4)'],
  ['batched misaligned matmul', () => matmul(zeros([7, 2, 3]), zeros([2, 5])), ShapeError, 'matmul: shapes [7,2,3] and [2,5] are not aligned (3 != 2)'],
  ['matmul of a scalar', () => matmul(zeros([]), zeros([2])), ShapeError, 'matmul: both operands need at least 1 dim, got [] and [2]'],
  ['matmul of bools', () => matmul(zeros([2, 2], { dtype: 'bool' }), zeros([2, 2])), DTypeError, 'matmul: bool tensors are not supported'],
  ['broadcast', () => zeros([2, 3]).add(zeros([4])), ShapeError, 'add: shapes [2,3] and [4] cannot be broadcast together'],
  ['reshape', () => zeros([2, 3]).reshape([4]), ShapeError, 'reshape: cannot reshape [2,3] (6 elements) into [4]'],
  ['reshape with -1', () => zeros([2, 3]).reshape([-1, 4]), ShapeError, 'reshape: cannot reshape [2,3] into [-1,4]'],
  ['dim out of range', () => zeros([2, 3]).sum(2), ShapeError, 'sum: dim 2 out of range for a tensor of rank 2'],
  ['permute', () => zeros([2, 3]).permute([0, 0]), ShapeError, 'permute: [0,0] is not a permutation of the 2 dims of [2,3]'],
  ['concat', () => concat([zeros([2, 3]), zeros([3, 3])], 1), ShapeError, 'concat: shapes [2,3], [3,3] differ outside dim 1'],
  ['conv2d channels', () => conv2d(zeros([1, 3, 5, 5]), zeros([2, 4, 3, 3])), ShapeError, 'conv2d: weight [2,4,3,3] expects 4 input channels, got input [1,3,5,5]'],
  ['gather with float indices', () => zeros([2, 3]).gather(1, zeros([2, 1])), DTypeError, 'gather: index must be int32, got float32'],
  ['implicit gradient of a vector', () => zeros([2], { requiresGrad: true }).mul(2).backward(), ValueError, 'backward: gradient can be implicit only for a scalar output, got [2]; pass a gradient'],
  ['item of a vector', () => zeros([2]).item(), ValueError, 'item: only one-element tensors have an item, got [2]'],
];

describe('error messages', () => {
  for (const [what, fn, type, message] of cases) {
    it(what, () => {
      tidy(() => {
        expect(fn).toThrow(type);
        expect(fn).toThrow(message);
        try {
          fn();
        } catch (e) {
          expect((e as Error).message).toBe(message);
          expect((e as Error).name).toBe(type.name);
          expect(e).toBeInstanceOf(DnnError);
        }
      });
    });
  }

  it('disposed tensors', () => {
    const x = tensor([1, 2]);
    x.dispose();
    expect(() => x.exp()).toThrow(new ValueError('exp: tensor [2] (float32) was disposed'));
  });

  it('mixed devices, and synchronous reads of asynchronous devices', () => {
    const other = new Device(createCpuBackend(), 'other');
    tidy(() => {
      expect(() => tensor([1]).add(tensor([1], { device: other }))).toThrow(
        new DeviceError('add: tensors are on different devices (cpu and other); move one with .to(device)'),
      );
    });
    const asyncOnly = new Device({ ...createCpuBackend(), name: 'async', syncRead: false, readSync: undefined }, 'async');
    const t = tensor([1], { device: asyncOnly });
    expect(() => t.dataSync()).toThrow(new DeviceError("dataSync: the async device reads asynchronously; use 'await t.data()' instead"));
    t.dispose();
    expect(cpu().name).toBe('cpu');
  });
});
