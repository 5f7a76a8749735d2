import * as dnn from '@dnn/tensor';
import type { OpTable } from '../run-case';
import { t, tensors } from './inputs';

export const movementOps: OpTable = {
  reshape: (xs, a) => t(xs, 0).reshape(a.shape),
  permute: (xs, a) => dnn.permute(t(xs, 0), a.perm),
  transpose: (xs, a) => t(xs, 0).transpose(a.dim0, a.dim1),
  expand: (xs, a) => dnn.expand(t(xs, 0), a.shape),
  squeeze: (xs, a) => t(xs, 0).squeeze(a.dims),
  unsqueeze: (xs, a) => dnn.unsqueeze(t(xs, 0), a.dim),
  flatten: (xs, a) => t(xs, 0).flatten(a.startDim, a.endDim),
  movedim: (xs, a) => dnn.movedim(t(xs, 0), a.source, a.destination),
  select: (xs, a) => t(xs, 0).select(a.dim, a.index),
  slice: (xs, a) => t(xs, 0).slice(a.specs),
  narrow: (xs, a) => dnn.narrow(t(xs, 0), a.dim, a.start, a.length),
  flip: (xs, a) => t(xs, 0).flip(a.dims),
  gather: (xs, a) => dnn.gather(t(xs, 0), a.dim, t(xs, 1)),
  scatterAdd: (xs, a) => t(xs, 0).scatterAdd(a.dim, t(xs, 1), t(xs, 2)),
  indexSelect: (xs, a) => dnn.indexSelect(t(xs, 0), a.dim, t(xs, 1)),
  concat: (xs, a) => dnn.concat(tensors(xs), a.dim),
  stack: (xs, a) => dnn.stack(tensors(xs), a.dim),
  split: (xs, a) => t(xs, 0).split(a.sizes, a.dim),
  chunk: (xs, a) => dnn.chunk(t(xs, 0), a.chunks, a.dim),
  pad: (xs, a) => dnn.pad(t(xs, 0), a.pads, a.mode, a.value),
  repeat: (xs, a) => t(xs, 0).repeat(a.reps),
  triu: (xs, a) => dnn.triu(t(xs, 0), a.k),
  tril: (xs, a) => t(xs, 0).tril(a.k),
  cumsum: (xs, a) => dnn.cumsum(t(xs, 0), a.dim),
};
