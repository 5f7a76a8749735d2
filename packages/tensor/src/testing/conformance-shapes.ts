import {
  ValueError, concat, noGrad, softmax, tidy, where, zeros, type BinaryOp, type Device, type Tensor,
} from '@dnn/tensor';
import {
  checkClose, expectThrows, hostValues, read, tolerance, upload, type ConformanceOptions, type TestApi,
} from './conformance-context';
import * as R from './reference';

type Run = (xs: Tensor[]) => Tensor;

/** Uploads float32 inputs of the given shapes, runs `run`, and compares with `ref` (inputs and outputs freed). */
async function compare(
  device: Device, label: string, shapes: number[][], run: Run, ref: (xs: R.Ref[]) => R.Ref, opts: ConformanceOptions,
  accumulates = false, low = -3, high = 3,
): Promise<void> {
  const before = device.memory();
  const ins = shapes.map((shape, i) => upload(device, hostValues({ shape, low, high }, 7 + i * 31 + label.length), shape, 'float32'));
  const out = noGrad(() => tidy(() => run(ins.map((x) => x.t))));
  const actual = await read(out);
  out.dispose();
  for (const x of ins) x.t.dispose();
  checkClose(label, actual, ref(ins.map((x) => x.r)), tolerance(opts, 'float32', accumulates));
  const after = device.memory();
  if (after.tensors > before.tensors) throw new Error(`${label}: leaked ${after.tensors - before.tensors} tensors`);
}

const BROADCAST_PAIRS: [number[], number[]][] = [
  [[3, 1], [1, 4]], [[2, 1, 3], [4, 1]], [[], [5]], [[1], [7]], [[2, 3], [3]], [[5, 1, 1], [1, 1, 6]], [[1, 1], [2, 3]],
];
const BROADCAST_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'maximum', 'lt'];
const ODD = [1, 7, 33, 257];

/** Broadcasting, sizes that are not multiples of a workgroup, and empty tensors. */
export function shapeSections(api: TestApi, device: () => Promise<Device>, opts: ConformanceOptions): void {
  api.describe('broadcasting', () => {
    for (const [a, b] of BROADCAST_PAIRS) {
      for (const op of BROADCAST_OPS) {
        api.it(`${op} [${a}] with [${b}]`, async () =>
          compare(await device(), `${op} [${a}]·[${b}]`, [a, b], ([x, y]) => x![op](y!), ([x, y]) => R.binary(op, x!, y!), opts));
      }
    }
    api.it('where broadcasts all three operands', async () =>
      compare(await device(), 'where [4,1,1] [3,1] [2]', [[4, 1, 1], [3, 1], [2]],
        ([c, a, b]) => where(c!.gt(0), a!, b!), ([c, a, b]) => R.where(R.map((v) => (v > 0 ? 1 : 0), c!), a!, b!), opts));
    api.it('div by a broadcast scalar tensor', async () =>
      compare(await device(), 'div [3,4] / []', [[3, 4], []], ([a, b]) => a!.div(b!.abs().add(0.5)), ([a, b]) => R.map((x, y) => x / (Math.abs(y) + 0.5), a!, b!), opts));
  });

  api.describe('odd sizes', () => {
    for (const n of ODD) {
      api.it(`exp of [${n}]`, async () => compare(await device(), `exp [${n}]`, [[n]], ([x]) => x!.exp(), ([x]) => R.unary('exp', x!), opts));
      api.it(`add [${n}] and [1]`, async () => compare(await device(), `add [${n}]`, [[n], [1]], ([x, y]) => x!.add(y!), ([x, y]) => R.binary('add', x!, y!), opts));
      api.it(`mul of transposed [${n},3]ᵀ and [3,${n}]`, async () =>
        compare(await device(), `mul [${n},3]ᵀ`, [[n, 3], [3, n]], ([x, y]) => x!.T.mul(y!), ([x, y]) => R.binary('mul', R.permute(x!, [1, 0]), y!), opts));
      api.it(`sum of [${n}]`, async () => compare(await device(), `sum [${n}]`, [[n]], ([x]) => x!.sum(), ([x]) => R.reduce('sum', x!, [0]), opts, true));
      api.it(`max over the last dim of [3,${n}]`, async () => compare(await device(), `max [3,${n}]`, [[3, n]], ([x]) => x!.max(1), ([x]) => R.reduce('max', x!, [1]), opts));
      api.it(`sum over dim 0 of [${n},5]`, async () => compare(await device(), `sum0 [${n},5]`, [[n, 5]], ([x]) => x!.sum(0), ([x]) => R.reduce('sum', x!, [0]), opts, true));
      api.it(`argmax over the last dim of [2,${n}]`, async () =>
        compare(await device(), `argmax [2,${n}]`, [[2, n]], ([x]) => x!.argmax(1), ([x]) => R.argReduce('argmax', x!, 1), opts));
      api.it(`softmax over [2,${n}]`, async () =>
        compare(await device(), `softmax [2,${n}]`, [[2, n]], ([x]) => softmax(x!, -1), ([x]) => refSoftmax(x!), opts, true));
    }
    const mkn: [number, number, number][] = [[1, 257, 1], [7, 33, 1], [33, 7, 33], [1, 1, 257], [257, 7, 3], [65, 65, 65]];
    for (const [m, k, n] of mkn) {
      api.it(`matmul ${m}×${k} by ${k}×${n}`, async () =>
        compare(await device(), `matmul ${m}×${k}×${n}`, [[m, k], [k, n]], ([a, b]) => a!.matmul(b!), ([a, b]) => R.matmul(a!, b!), opts, true, -1, 1));
    }
  });

  api.describe('zero-size tensors', () => {
    api.it('element-wise ops keep the empty shape', async () => {
      await compare(await device(), 'exp [0]', [[0]], ([x]) => x!.exp(), ([x]) => R.unary('exp', x!), opts);
      await compare(await device(), 'add [2,0,3] [3]', [[2, 0, 3], [3]], ([x, y]) => x!.add(y!), ([x, y]) => R.binary('add', x!, y!), opts);
      await compare(await device(), 'transpose [0,3]', [[0, 3]], ([x]) => x!.T.contiguous(), ([x]) => R.permute(x!, [1, 0]), opts);
    });
    api.it('reductions over an empty dim give the identity', async () => {
      await compare(await device(), 'sum over 0', [[2, 0, 3]], ([x]) => x!.sum(1), ([x]) => R.reduce('sum', x!, [1]), opts);
      await compare(await device(), 'prod over 0', [[2, 0, 3]], ([x]) => x!.prod(1), ([x]) => R.reduce('prod', x!, [1]), opts);
      await compare(await device(), 'sum of [0]', [[0]], ([x]) => x!.sum(), () => R.ref([0], []), opts);
    });
    api.it('max over an empty dim is a ValueError naming the op', async () => {
      const x = zeros([2, 0], { device: await device() });
      await expectThrows('max [2,0]', () => x.max(1), ValueError, /^max: cannot reduce over dim 1 of size 0/);
      x.dispose();
    });
    api.it('matmul with an empty inner or outer dim', async () => {
      await compare(await device(), 'matmul [0,3]×[3,2]', [[0, 3], [3, 2]], ([a, b]) => a!.matmul(b!), ([a, b]) => R.matmul(a!, b!), opts);
      await compare(await device(), 'matmul [2,0]×[0,3]', [[2, 0], [0, 3]], ([a, b]) => a!.matmul(b!), () => R.ref(new Float64Array(6), [2, 3]), opts);
    });
    api.it('concat with an empty part, reshape of an empty tensor', async () => {
      await compare(await device(), 'concat [2,0] [2,3]', [[2, 0], [2, 3]], (xs) => concat(xs, 1), (xs) => R.concat(xs, 1), opts);
      await compare(await device(), 'reshape [0,3] → [3,0]', [[0, 3]], ([x]) => x!.reshape([3, 0]), ([x]) => R.reshape(x!, [3, 0]), opts);
    });
    api.it('reads an empty tensor as an empty array', async () => {
      const x = zeros([0, 4], { device: await device() });
      const data = await x.data();
      x.dispose();
      if (data.length !== 0 || !(data instanceof Float32Array)) throw new Error(`zeros([0,4]).data(): got ${data.constructor.name} of length ${data.length}`);
    });
  });
}

function refSoftmax(x: R.Ref): R.Ref {
  const m = R.reduce('max', x, [x.shape.length - 1], true);
  const e = R.map((v, mv) => Math.exp(v - mv), x, m);
  return R.map((v, s) => v / s, e, R.reduce('sum', e, [x.shape.length - 1], true));
}
