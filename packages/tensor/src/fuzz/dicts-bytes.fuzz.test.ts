import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tidy } from '../memory';
import { enableGrad } from '../autograd/mode';
import { ones, tensor, zeros } from '../ops/creation';
import { Linear } from '../nn/linear';
import { Sequential } from '../nn/containers';
import { functionalCall } from '../nn/functional-call';
import { Parameter } from '../nn/parameter';
import { SGD } from '../optim/sgd';
import { Adam } from '../optim/adam';
import { StepLR } from '../optim/schedulers';
import { decode, encode } from '../io/safetensors-api';
import { encodeSafetensors } from '../io/safetensors';
import type { Tensor } from '../tensor';
import { handled, handledAsync, hostileNumber, tally, wrongType, type Tally } from './hostile';

/**
 * Fuzz pass over every public function that takes a state dict or bytes: Module.loadStateDict,
 * functionalCall, optimizer and scheduler loadStateDict, safetensors.encode and safetensors.decode
 * of random and mutated files. Each case gives a correct result or throws a DnnError.
 * 4,107 cases (about 3 s).
 */
const tallies: Record<string, Tally> = {};
afterAll(() => {
  const all = Object.values(tallies);
  const sum = (k: 'runs' | 'results' | 'refused') => all.reduce((n, t) => n + t[k], 0);
  console.info(`fuzz (dicts and bytes): ${sum('runs')} cases, ${sum('results')} correct results, ${sum('refused')} typed refusals, 0 other errors`);
});

const memberNames = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
const key = fc.oneof(fc.constantFrom('weight', 'bias', '0.weight', '0.bias', '1.weight', '1.bias', ...memberNames), fc.string({ maxLength: 6 }));
/** A value where a tensor belongs: tensors of fitting and unfitting shapes, a disposed one, or no tensor at all. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<() => unknown>(() => ones([2, 3]), () => zeros([2]), () => ones([1]), () => ones([3, 2]), () => ones([2, 3], { dtype: 'float64' }), () => ones([2], { dtype: 'int32' })) },
  { weight: 1, arbitrary: fc.constant<() => unknown>(() => { const t = ones([2]); t.dispose(); return t; }) },
  { weight: 2, arbitrary: fc.oneof(hostileNumber, wrongType).map((v) => () => v) },
);
/** A dict built with defineProperty, so "__proto__" is an own key like any other. */
const dict = fc.array(fc.tuple(key, value), { maxLength: 5 }).map((entries) => () => {
  const d: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(d, k, { value: v(), enumerable: true, configurable: true, writable: true });
  return d;
});
const notADict = fc.oneof(wrongType, hostileNumber, fc.constant(new Map()), fc.anything()).map((v) => () => v);
const anyDict = fc.oneof({ weight: 4, arbitrary: dict }, { weight: 1, arbitrary: notADict });

describe('fuzz: state dicts and bytes (4,107 cases)', () => {
  it('Module.loadStateDict, strict and not: loads exactly the own matching keys, or a DnnError', () => {
    const t = (tallies.load = tally());
    fc.assert(fc.property(anyDict, fc.boolean(), (make, strict) => {
      tidy(() => {
        const m = new Linear(3, 2);
        const d = make() as Record<string, Tensor>;
        handled(t, () => m.loadStateDict(d, { strict }), (r) => {
          for (const k of ['weight', 'bias'] as const) {
            if (!Object.hasOwn(d, k)) continue;
            expect([...m[k]!.dataSync()]).toEqual([...(d[k] as Tensor).cast('float32').dataSync()]);
          }
          const keys = Object.keys(d);
          expect(r.unexpectedKeys).toEqual(keys.filter((k) => k !== 'weight' && k !== 'bias'));
          if (strict) expect(r.unexpectedKeys.length + r.missingKeys.length).toBe(0);
        });
      });
    }), { numRuns: 800, seed: 21 });
    expect(t.results).toBeGreaterThan(20);
  });

  it('nested modules: loadStateDict of a Sequential and functionalCall with hostile dicts', () => {
    const t = (tallies.nested = tally());
    fc.assert(fc.property(anyDict, (make) => {
      tidy(() => {
        const m = new Sequential(new Linear(3, 2), new Linear(2, 2));
        const d = make() as Record<string, Tensor>;
        handled(t, () => m.loadStateDict(d, { strict: false }));
        handled(t, () => functionalCall(m, d, ones([1, 3])) as Tensor, (y) => expect(y.shape).toEqual([1, 2]));
      });
    }), { numRuns: 400, seed: 22 });
  });

  it('optimizer and scheduler loadStateDict with anything', () => {
    const t = (tallies.optim = tally());
    const state = fc.oneof(
      fc.anything(),
      fc.record({ state: fc.oneof(fc.anything(), fc.dictionary(key, fc.anything())), paramGroups: fc.oneof(fc.anything(), fc.array(fc.record({ lr: fc.anything(), params: fc.anything() }))) }),
    );
    fc.assert(fc.property(state, fc.constantFrom('sgd', 'adam', 'step'), (s, which) => {
      tidy(() => {
        const p = Parameter.from(ones([2]));
        if (which === 'step') {
          const sched = new StepLR(new SGD([p], { lr: 0.1 }), { stepSize: 2 });
          handled(t, () => sched.loadStateDict(s as never));
          return;
        }
        const opt = which === 'sgd' ? new SGD([p], { lr: 0.1, momentum: 0.9 }) : new Adam([p]);
        // a state that loads must also step
        handled(t, () => {
          opt.loadStateDict(s as never);
          enableGrad(() => p.mul(p).sum().backward());
          opt.step();
        }, () => expect(p.size).toBe(2));
        opt.dispose();
      });
    }), { numRuns: 600, seed: 23 });
  });

  it('safetensors.encode of hostile dicts: bytes that decode to the same tensors, or a DnnError', async () => {
    const t = (tallies.encode = tally());
    await fc.assert(fc.asyncProperty(anyDict, async (make) => {
      const d = make() as Record<string, Tensor>;
      await handledAsync(t, () => encode(d), (bytes) => {
        const back = decode(bytes).tensors;
        expect(Object.keys(back).sort()).toEqual(Object.keys(d).sort());
        for (const [k, v] of Object.entries(back)) expect([...v.dataSync()]).toEqual([...d[k]!.dataSync()]);
      });
    }), { numRuns: 300, seed: 24 });
  });

  it('safetensors.decode of random bytes', () => {
    const t = (tallies.random = tally());
    const lengthPrefixed = fc.tuple(fc.nat(400), fc.uint8Array({ maxLength: 400 })).map(([n, body]) => {
      const out = new Uint8Array(8 + body.length);
      new DataView(out.buffer).setUint32(0, n, true);
      out.set(body, 8);
      return out;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), lengthPrefixed), (bytes) => {
      tidy(() => handled(t, () => decode(bytes)));
    }), { numRuns: 600, seed: 25 });
  });

  it('safetensors.decode of valid files mutated: flipped bytes, truncation, edited or nested headers', () => {
    const t = (tallies.mutated = tally());
    const file = encodeSafetensors({
      w: { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
      b: { dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) },
      i: { dtype: 'int32', shape: [], data: new Int32Array([7]) },
    }, { epoch: '3' });
    const headerLength = Number(new DataView(file.buffer).getBigUint64(0, true));
    const header = new TextDecoder().decode(file.subarray(8, 8 + headerLength));
    const withHeader = (h: string, data = file.subarray(8 + headerLength)) => {
      const bytes = new TextEncoder().encode(h);
      const out = new Uint8Array(8 + bytes.length + data.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
      out.set(bytes, 8);
      out.set(data, 8 + bytes.length);
      return out;
    };
    const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.constantFrom('-1', '1e400', '"F64"', '[]', '{}', 'null', '[1e20,2]', '"__proto__"', '[0,-0]'));
    const mutation = fc.oneof(
      fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => () => { const b = file.slice(); b[i]! ^= x; return b; }),
      fc.nat(file.length).map((n) => () => file.slice(0, n)),
      fc.tuple(fc.nat(header.length), fc.nat(8), jsonish).map(([at, cut, text]) => () => withHeader(header.slice(0, at) + text + header.slice(at + cut))),
      fc.tuple(fc.constantFrom('"shape":[2,3]', '"data_offsets":[0,24]', '"dtype":"F32"', '"epoch":"3"'), jsonish).map(([part, text]) => () => withHeader(header.replace(part, part.split(':')[0] + ':' + text))),
      fc.tuple(fc.constantFrom(2, 3, 64, 65, 1000, 100_000), fc.constantFrom(['[', ']'], ['{"a":', '}'])).map(([depth, [open, close]]) => () =>
        withHeader(`{"__metadata__":{"k":${open!.repeat(depth)}1${close!.repeat(depth)}},${header.slice(1)}`)),
    );
    fc.assert(fc.property(mutation, (make) => {
      tidy(() => handled(t, () => decode(make()), (r) => {
        for (const v of Object.values(r.tensors)) expect(v.dataSync().length).toBe(v.size);
        for (const v of Object.values(r.metadata)) expect(typeof v).toBe('string');
      }));
    }), { numRuns: 1000, seed: 26 });
    expect(t.results).toBeGreaterThan(0);
    expect(t.refused).toBeGreaterThan(600);
  });

  it('a header with the tensor entry named like Object members', () => {
    const t = (tallies.names = tally());
    for (const name of memberNames) {
      const bytes = encodeSafetensors({ [name]: { dtype: 'float32', shape: [1], data: new Float32Array([5]) } } as never);
      handled(t, () => decode(bytes), (r) => {
        expect(Object.keys(r.tensors)).toEqual([name]);
        expect(tensor(r.tensors[name]!.dataSync()).item()).toBe(5);
      });
    }
  });
});
