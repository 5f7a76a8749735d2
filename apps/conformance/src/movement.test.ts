import { describeFamily } from './harness';
import { movementOps } from './ops/movement';

describeFamily('movement', movementOps);
