import {
  DeviceError, Device, Generator, ShapeError, ValueError, bernoulli, concat, conv2d, createCpuBackend, randn, rand,
  threefry2x32, tidy, where, zeros, type Tensor,
} from '@dnn/tensor';
import { expectClose } from './allclose';
import { expectThrows, hostValues, read, upload, type ConformanceOptions, type TestApi } from './conformance-context';

const f32 = (device: Device, shape: number[], seed = 1) => upload(device, hostValues({ shape }, seed), shape, 'float32').t;

/** Typed errors for bad inputs, Threefry bit-exactness against the CPU, and memory accounting. */
export function contractSections(api: TestApi, device: () => Promise<Device>, referenceDevice: () => Promise<Device>, _opts: ConformanceOptions): void {
  api.describe('bad inputs', () => {
    api.it('mismatched shapes throw ShapeError naming the op and the shapes', async () => {
      const dev = await device();
      const a = f32(dev, [2, 3]), b = f32(dev, [4]), m = f32(dev, [4, 5]), w = f32(dev, [2, 5, 3, 3]), x = f32(dev, [1, 3, 5, 5]);
      await expectThrows('add', () => a.add(b), ShapeError, /^add: shapes \[2,3\] and \[4\] cannot be broadcast together$/);
      await expectThrows('matmul', () => a.matmul(m), ShapeError, /^matmul: shapes \[2,3\] and \[4,5\] are not aligned \(3 != 4\)$/);
      await expectThrows('reshape', () => a.reshape([4]), ShapeError, /^reshape: cannot reshape \[2,3\] \(6 elements\) into \[4\]$/);
      await expectThrows('concat', () => concat([a, m], 0), ShapeError, /^concat: shapes \[2,3\], \[4,5\] differ outside dim 0$/);
      await expectThrows('where', () => where(a.gt(0), a, b), ShapeError, /^where: /);
      await expectThrows('expand', () => a.expand([4, 3]), ShapeError, /^expand: cannot broadcast \[2,3\] to \[4,3\]$/);
      await expectThrows('conv2d', () => conv2d(x, w), ShapeError, /^conv2d: weight \[2,5,3,3\] expects 5 input channels, got input \[1,3,5,5\]$/);
      for (const t of [a, b, m, w, x]) t.dispose();
    });

    api.it('disposed tensors throw ValueError naming the op', async () => {
      const dev = await device();
      const x = f32(dev, [2]), y = f32(dev, [2]);
      x.dispose();
      x.dispose(); // twice is safe
      await expectThrows('add', () => x.add(y), ValueError, /^add: tensor \[2\] \(float32\) was disposed$/);
      await expectThrows('exp', () => x.exp(), ValueError, /^exp: tensor \[2\] \(float32\) was disposed$/);
      await expectThrows('sum', () => x.sum(), ValueError, /^sum: .*was disposed$/);
      await expectThrows('data', () => x.data(), ValueError, /^data: tensor \[2\] \(float32\) was disposed$/);
      y.dispose();
    });

    api.it('tensors on two devices throw DeviceError', async () => {
      const dev = await device();
      const other = new Device(createCpuBackend(), 'conformance-other');
      const a = f32(dev, [3]), b = f32(other, [3]);
      await expectThrows('add', () => a.add(b), DeviceError, /^add: tensors are on different devices/);
      await expectThrows('matmul', () => a.reshape([1, 3]).matmul(b.reshape([3, 1])), DeviceError, /^matmul: tensors are on different devices/);
      await expectThrows('concat', () => concat([a, b]), DeviceError, /^concat: tensors are on different devices/);
      a.dispose();
      b.dispose();
    });
  });

  api.describe('Threefry random bits', () => {
    api.it('raw bits equal the host Threefry-2x32-20 for counters across the 2³² boundary', async () => {
      const dev = await device();
      const n = 37, offset = 2 ** 32 - 5, key: [number, number] = [0x13198a2e, 0x03707344];
      const buf = dev.backend.random({ dist: 'bits', key, offset }, n, 'int32');
      const got = await dev.backend.read(buf, 'int32', n);
      dev.backend.free(buf);
      const words = new Uint32Array(2);
      const want = Array.from({ length: n }, (_, i) => {
        const c = offset + i;
        threefry2x32(key[0], key[1], c >>> 0, Math.floor(c / 2 ** 32), words);
        return words[0]! | 0;
      });
      expectClose(got, want, { rtol: 0, atol: 0, label: 'bits' });
    });

    const sameAsReference = (name: string, draw: (dev: Device, gen: Generator) => Tensor, tol: { rtol: number; atol: number }) =>
      api.it(`${name}: same seed, same values as the reference device`, async () => {
        const [dev, refDev] = [await device(), await referenceDevice()];
        const a = draw(dev, new Generator(2024)), b = draw(refDev, new Generator(2024)), again = draw(dev, new Generator(2024));
        const [ra, rb, rAgain] = [await read(a), await read(b), await read(again)];
        for (const t of [a, b, again]) t.dispose();
        expectClose(ra, rAgain, { rtol: 0, atol: 0, label: `${name} (repeat)` });
        expectClose(ra, rb, { ...tol, label: name });
      });
    sameAsReference('rand', (dev, generator) => rand([257], { device: dev, generator }), { rtol: 0, atol: 0 });
    sameAsReference('randn', (dev, generator) => randn([3, 33], { device: dev, generator }), { rtol: 1e-5, atol: 1e-5 });
    sameAsReference('bernoulli(p)', (dev, generator) => bernoulli(0.3, { shape: [129], device: dev, generator }), { rtol: 0, atol: 0 });
    sameAsReference('bernoulli(tensor of probabilities)', (dev, generator) =>
      tidy(() => bernoulli(upload(dev, hostValues({ shape: [7, 9], low: 0, high: 1 }, 5), [7, 9], 'float32').t, { generator })), { rtol: 0, atol: 0 });

    api.it('successive draws use fresh counters', async () => {
      const gen = new Generator(7);
      const dev = await device();
      const a = rand([64], { device: dev, generator: gen }), b = rand([64], { device: dev, generator: gen });
      const [ra, rb] = [await read(a), await read(b)];
      a.dispose();
      b.dispose();
      const same = ra.data.filter((v, i) => v === rb.data[i]).length;
      if (same > 2) throw new Error(`rand: two successive draws share ${same} of 64 values`);
    });
  });

  api.describe('memory', () => {
    api.it('tidy frees every intermediate and keeps what it returns', async () => {
      const dev = await device();
      const x = f32(dev, [4, 5]);
      const before = dev.memory();
      const y = tidy(() => x.exp().mul(2).sum(1).add(x.max(1)));
      const mid = dev.memory();
      y.dispose();
      const after = dev.memory();
      x.dispose();
      if (mid.tensors !== before.tensors + 1 || mid.buffers !== before.buffers + 1) {
        throw new Error(`tidy kept ${mid.tensors - before.tensors} tensors and ${mid.buffers - before.buffers} buffers, expected 1`);
      }
      if (after.tensors !== before.tensors || after.bytes !== before.bytes || after.buffers !== before.buffers) {
        throw new Error(`memory after dispose: ${JSON.stringify(after)}, before: ${JSON.stringify(before)}`);
      }
    });

    api.it('counts bytes per buffer and frees a buffer with its last view', async () => {
      const dev = await device();
      const before = dev.memory();
      const x = zeros([10], { device: dev });
      const v = tidy(() => x.reshape([2, 5]).T);
      const withView = dev.memory();
      x.dispose();
      const viewOnly = dev.memory();
      v.dispose();
      const after = dev.memory();
      const rows = [
        ['bytes of a [10] float32 tensor', withView.bytes - before.bytes, 40],
        ['buffers while a view holds it', viewOnly.buffers - before.buffers, 1],
        ['bytes after the last view', after.bytes - before.bytes, 0],
      ] as const;
      for (const [what, got, want] of rows) if (got !== want) throw new Error(`${what}: ${got}, expected ${want}`);
    });

    api.it('data() returns a copy', async () => {
      const dev = await device();
      const x = f32(dev, [5]);
      const first = await x.data();
      const keep = first.slice();
      first.fill(123);
      const second = await x.data();
      x.dispose();
      expectClose(second, keep, { rtol: 0, atol: 0, label: 'data() after mutating an earlier read' });
    });

    api.it('dataSync works only where the backend reads synchronously', async () => {
      const dev = await device();
      const x = f32(dev, [3]);
      try {
        if (dev.backend.syncRead) expectClose(x.dataSync(), await x.data(), { rtol: 0, atol: 0, label: 'dataSync' });
        else await expectThrows('dataSync', () => x.dataSync(), DeviceError, /^dataSync: .* use 'await t\.data\(\)'/);
      } finally {
        x.dispose();
      }
    });
  });
}
