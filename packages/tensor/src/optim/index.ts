export { Optimizer } from './optimizer';
export type { OptimizerOptions, ParamGroup, ParamGroupInput, Params, ParamState, OptimizerStateDict } from './optimizer';
export { SGD } from './sgd';
export type { SGDOptions } from './sgd';
export { Adam, AdamW } from './adam';
export type { AdamOptions } from './adam';
export { RMSprop, RMSProp } from './rmsprop';
export type { RMSpropOptions } from './rmsprop';
export { Adagrad } from './adagrad';
export type { AdagradOptions } from './adagrad';
export {
  LRScheduler, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, SequentialLR, ReduceLROnPlateau,
} from './schedulers';
export type { Scheduler, ReduceLROnPlateauOptions } from './schedulers';
export { clipGradNorm, clipGradValue } from './clip';
