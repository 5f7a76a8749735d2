import { describeFamily } from './harness';
import { matmulOps } from './ops/matmul';

describeFamily('matmul', matmulOps);
