import { describeFamily } from './harness';
import { reduceOps } from './ops/reduce';

describeFamily('reduce', reduceOps);
