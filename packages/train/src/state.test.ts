import { describe, expect, it } from 'vitest';
import { Linear, manualSeed, safetensors, ValueError } from '@dnn/tensor';
import { getDefaultGenerator } from '@dnn/tensor';
import { parseFigures, stringifyFigures } from './json';
import { captureState, decodeState, encodeState } from './state';

describe('training state', () => {
  it('keeps NaN and infinite figures as such (never null) through a checkpoint and JSON', async () => {
    manualSeed(0);
    const model = new Linear(2, 1);
    const logs = [{ epoch: 1, trainLoss: Number.NaN, valLoss: Infinity, valAccuracy: -Infinity, samplesPerSecond: 1, seconds: 2 }];
    const s = captureState({ model, generator: getDefaultGenerator(), logs }, 1, { config: '{"a":1}' });
    const back = decodeState(await encodeState(s), 'x.safetensors');
    expect(back.logs).toEqual(logs);
    expect(back.metadata).toEqual({ config: '{"a":1}' });
    expect(stringifyFigures({ a: Number.NaN })).toBe('{"a":"NaN"}');
    expect(parseFigures<{ a: number }>('{"a":"-Infinity"}').a).toBe(-Infinity);
  });

  it('reads the null an older checkpoint stored for NaN back as NaN', async () => {
    const bytes = await safetensors.encode({}, {
      metadata: { format: 'dnn-training-checkpoint', version: '1', epoch: '1', generator: '{"key":[0,0],"offset":0}', metrics: '[{"epoch":1,"trainLoss":null}]' },
    });
    expect(decodeState(bytes, 'old.safetensors').logs[0]!.trainLoss).toBeNaN();
  });

  it('names the file in every refusal', async () => {
    expect(() => decodeState(new Uint8Array([1, 2, 3]), 'runs/x/checkpoint.safetensors')).toThrow(/^runs\/x\/checkpoint\.safetensors: /);
    const notOurs = await safetensors.encode({}, { metadata: { format: 'other' } });
    expect(() => decodeState(notOurs, 'y.safetensors')).toThrow(new ValueError("y.safetensors is not a dnn training checkpoint (its metadata has no format 'dnn-training-checkpoint')"));
  });
});
