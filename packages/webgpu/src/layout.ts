// shape and stride arithmetic (numel, contiguousStrides, broadcasting) comes from @dnn/tensor/backend

/**
 * Simplifies the index math of kernels that walk several views over one shape: size-1 dims are
 * dropped, and neighbouring dims merge wherever every view steps through them as one (stride of the
 * outer = stride of the inner × its size). A contiguous tensor collapses to rank 1.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const keep = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (const d of keep) {
    const last = outShape.length - 1;
    const mergeable = last >= 0 && strides.every((s, v) => outStrides[v]![last] === s[d]! * shape[d]!);
    if (mergeable) {
      outShape[last]! *= shape[d]!;
      strides.forEach((s, v) => (outStrides[v]![last] = s[d]!));
    } else {
      outShape.push(shape[d]!);
      strides.forEach((s, v) => outStrides[v]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** True when a (collapsed) view walks its buffer one element at a time from its offset. */
export function isDense(shape: readonly number[], strides: readonly number[]): boolean {
  return shape.length === 0 || (shape.length === 1 && strides[0] === 1);
}
