import { describeFamily } from './harness';
import { elementwiseOps } from './ops/elementwise';

describeFamily('elementwise', elementwiseOps);
