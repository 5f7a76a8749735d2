import { afterAll, describe, expect, it } from 'vitest';
import { DTypeError, DeviceError, rand, tensor, zeros } from '@dnn/tensor';
import { create } from 'webgpu';
import { testDevice } from './test-utils';
import { gpuDeviceOf, webgpu } from './webgpu';
import type { WebGPUBackend } from './backend';
import { Meta } from './program';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

describe('typed errors instead of garbage or hangs', () => {
  it('float64 does not exist on WebGPU: a DTypeError naming the op', () => {
    expect(() => tensor([1, 2], { dtype: 'float64', device: gpu })).toThrow(DTypeError);
    expect(() => tensor([1, 2], { dtype: 'float64', device: gpu })).toThrow(/^tensor: dtype 'float64' is not supported on WebGPU/);
    expect(() => zeros([3], { dtype: 'float64', device: gpu })).toThrow(/^fill: dtype 'float64' is not supported/);
    expect(() => tensor([1], { device: gpu }).double()).toThrow(/^copy: dtype 'float64' is not supported/);
    expect(() => rand([3], { dtype: 'float64', device: gpu })).toThrow(/^random: dtype 'float64' is not supported/);
  });

  it('synchronous reads say to await data() instead', () => {
    const x = tensor([1, 2], { device: gpu });
    expect(() => x.dataSync()).toThrow(DeviceError);
    expect(() => x.dataSync()).toThrow(/^dataSync: the webgpu device reads asynchronously; use 'await t.data\(\)' instead$/);
    expect(() => x.sum().item()).toThrow(DeviceError);
    x.dispose();
  });

  it('a buffer beyond the device limits is refused with the op and the size', () => {
    const limit = Math.min(gpuDeviceOf(gpu).limits.maxBufferSize, gpuDeviceOf(gpu).limits.maxStorageBufferBindingSize);
    const n = Math.floor(limit / 4) + 1024;
    expect(() => zeros([n], { device: gpu })).toThrow(DeviceError);
    expect(() => zeros([n], { device: gpu })).toThrow(new RegExp(`^fill: needs a GPU buffer of ${n * 4} bytes, above this device's limit of ${limit} bytes$`));
  });

  it('no adapter is a DeviceError, not a null device', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(webgpu({ gpu: noAdapter })).rejects.toThrow(/^webgpu: no WebGPU adapter found/);
  });

  it('an invalid kernel surfaces as a DeviceError naming it at the next op or read', async () => {
    const ctx = (gpu.backend as WebGPUBackend).context;
    const out = ctx.alloc(16, 'test');
    ctx.run({ key: 'broken-kernel', bindings: [{ name: 'out', type: 'f32', access: 'read_write' }], workgroupSize: [1, 1], dispatch: [1, 1, 1],
      source: () => '@compute @workgroup_size(1) fn main() { out[0] = undefinedThing; }' }, [out], new Meta());
    await expect(ctx.read(out, 16, 'read')).rejects.toThrow(/kernel 'broken-kernel' is invalid/);
    ctx.free(out);
    // and the device is still usable afterwards
    expect(await tensor([1, 2], { device: gpu }).add(1).array()).toEqual([2, 3]);
  });

  it('a lost device fails every later op and read with a DeviceError', async () => {
    const doomed = await webgpu({ gpu: create([]) });
    const x = tensor([1, 2, 3], { device: doomed });
    const y = x.mul(2);
    gpuDeviceOf(doomed).destroy();
    await expect(y.data()).rejects.toThrow(DeviceError);
    await new Promise((r) => setTimeout(r, 10));
    expect(() => x.neg()).toThrow(/^neg: the WebGPU device was lost \(destroyed/);
    expect(() => x.add(1)).toThrow(DeviceError);
    await expect(x.data()).rejects.toThrow(/the WebGPU device was lost/);
    // disposing after the loss is harmless
    x.dispose();
    y.dispose();
  });
});
