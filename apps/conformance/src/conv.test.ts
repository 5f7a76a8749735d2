import { describeFamily } from './harness';
import { convOps } from './ops/conv';

describeFamily('conv', convOps);
