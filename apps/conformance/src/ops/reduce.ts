import * as dnn from '@dnn/tensor';
import type { OpTable } from '../run-case';
import { t } from './inputs';

export const reduceOps: OpTable = {
  sum: (xs, a) => dnn.sum(t(xs, 0), a.dims, a.keepDim),
  mean: (xs, a) => t(xs, 0).mean(a.dims, a.keepDim),
  prod: (xs, a) => dnn.prod(t(xs, 0), a.dims, a.keepDim),
  max: (xs, a) => t(xs, 0).max(a.dims, a.keepDim),
  min: (xs, a) => dnn.min(t(xs, 0), a.dims, a.keepDim),
  logsumexp: (xs, a) => dnn.logsumexp(t(xs, 0), a.dims, a.keepDim),
  var: (xs, a) => t(xs, 0).var(a.dims, { correction: a.correction, keepDim: a.keepDim }),
  std: (xs, a) => dnn.std(t(xs, 0), a.dims, { correction: a.correction, keepDim: a.keepDim }),
  argmax: (xs, a) => t(xs, 0).argmax(a.dim, a.keepDim),
  argmin: (xs, a) => dnn.argmin(t(xs, 0), a.dim, a.keepDim),
  all: (xs, a) => dnn.all(t(xs, 0), a.dims, a.keepDim),
  any: (xs, a) => t(xs, 0).any(a.dims, a.keepDim),
  softmax: (xs, a) => dnn.softmax(t(xs, 0), a.dim),
  logSoftmax: (xs, a) => t(xs, 0).logSoftmax(a.dim),
};
