import * as dnn from '@dnn/tensor';
import type { OpTable } from '../run-case';
import { t } from './inputs';

export const matmulOps: OpTable = {
  matmul: (xs) => dnn.matmul(t(xs, 0), t(xs, 1)),
  dot: (xs) => t(xs, 0).dot(t(xs, 1)),
  outer: (xs) => dnn.outer(t(xs, 0), t(xs, 1)),
};
