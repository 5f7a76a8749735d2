import { tensor, noGrad, type Module, type Tensor } from '@dnn/tensor';

/** h = Σ ord(c_k)·(k+1) mod 9973 over the characters of a state-dict name. */
export function nameHash(name: string): number {
  let h = 0;
  for (let k = 0; k < name.length; k++) h += name.charCodeAt(k) * (k + 1);
  return h % 9973;
}

/**
 * The deterministic stand-in for pretrained weights shared with tooling/fixtures/gen_torchvision.py:
 * s_i = sin((2.399963 + 0.001·(h mod 7))·i + h), then scaled by kind — conv/linear weights s/√fan_in,
 * norm weights 1 + 0.1·s, biases and running means 0.1·s, running variances 1 + 0.5·s², counters 0.
 */
export function formulaValues(name: string, shape: readonly number[], out?: Float32Array | Float64Array): Float32Array | Float64Array {
  const h = nameHash(name);
  const n = shape.reduce((a, b) => a * b, 1);
  const rate = 2.399963 + 0.001 * (h % 7);
  out ??= new Float64Array(n);
  const fanIn = shape.length >= 2 ? n / shape[0]! : 1;
  for (let i = 0; i < n; i++) {
    const s = Math.sin(rate * i + h);
    if (name.endsWith('num_batches_tracked')) out[i] = 0;
    else if (name.endsWith('running_var')) out[i] = 1 + 0.5 * s * s;
    else if (name.endsWith('running_mean')) out[i] = 0.1 * s;
    else if (shape.length >= 2) out[i] = s / Math.sqrt(fanIn);
    else if (name.endsWith('weight')) out[i] = 1 + 0.1 * s;
    else out[i] = 0.1 * s;
  }
  return out;
}

/** Sets every parameter and buffer of `model` by the formula, by name. */
export function applyFormula(model: Module): void {
  noGrad(() => {
    for (const [name, t] of Object.entries(model.stateDict())) {
      // float32 parameters get the float64 formula rounded once, exactly as torch's .to(float32)
      const data = t.dtype === 'float64' ? new Float64Array(t.size) : new Float32Array(t.size);
      const values = tensor(formulaValues(name, t.shape, data), { dtype: t.dtype === 'float64' ? 'float64' : 'float32', shape: t.shape, device: t.device });
      t.assign(values.cast(t.dtype));
      values.dispose();
    }
  });
}

/** The fixture input x_i = sin(0.0137·i), float32. */
export function formulaInput(shape: readonly number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(0.0137 * i);
  return tensor(data, { dtype: 'float64', shape }).cast('float32');
}
