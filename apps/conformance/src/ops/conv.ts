import * as dnn from '@dnn/tensor';
import type { OpTable } from '../run-case';
import { optional, t } from './inputs';

export const convOps: OpTable = {
  conv2d: (xs, a) => dnn.conv2d(t(xs, 0), t(xs, 1), optional(xs, 2), a),
  convTranspose2d: (xs, a) => dnn.convTranspose2d(t(xs, 0), t(xs, 1), optional(xs, 2), a),
  maxPool2d: (xs, a) => dnn.maxPool2d(t(xs, 0), { kernelSize: a.kernelSize, ...a, returnIndices: true }),
  avgPool2d: (xs, a) => t(xs, 0).avgPool2d({ kernelSize: a.kernelSize, ...a }),
  adaptiveAvgPool2d: (xs, a) => dnn.adaptiveAvgPool2d(t(xs, 0), a.outputSize),
  adaptiveMaxPool2d: (xs, a) => dnn.adaptiveMaxPool2d(t(xs, 0), a.outputSize),
  correlate2d: (xs, a) => dnn.correlate2d(t(xs, 0), t(xs, 1), a),
  convolve2d: (xs, a) => dnn.convolve2d(t(xs, 0), t(xs, 1), a),
};
