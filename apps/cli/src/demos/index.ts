import type { Demo } from './types';
import { gatDemo, gcnDemo, ginDemo, sageDemo } from './graph';
import { lenet5Demo } from './lenet5';
import { rbmDemo } from './rbm';
import { dbnDemo } from './dbn';
import { dbmDemo } from './dbm';
import { bmEncoderDemo } from './bm-encoder';
import { addingDemo } from './adding';
import { charLstmDemo } from './char-lstm';
import { seq2seqDemo } from './seq2seq';
import { resnet20Demo, resnet56Demo } from './cifar-resnet';
import { alexnetDemo, googlenetDemo, resnet18Demo, resnet34Demo, resnet50Demo, resnet101Demo } from './imagenet';
import { vaeDemo } from './vae';
import { ganDemo } from './gan';
import { flowDemo } from './flow';

/**
 * Demos by the name used on the command line (`dnn train NAME`, `dnn summary NAME`). A new demo is
 * one file under src/demos/ and one line here; see docs/architecture.md, Recipes, "A new demo (CLI)".
 */
export const DEMOS: Readonly<Record<string, Demo<any>>> = {
  lenet5: lenet5Demo,
  resnet20: resnet20Demo,
  resnet56: resnet56Demo,
  alexnet: alexnetDemo,
  googlenet: googlenetDemo,
  resnet18: resnet18Demo,
  resnet34: resnet34Demo,
  resnet50: resnet50Demo,
  resnet101: resnet101Demo,
  gcn: gcnDemo,
  gat: gatDemo,
  sage: sageDemo,
  gin: ginDemo,
  rbm: rbmDemo,
  dbn: dbnDemo,
  dbm: dbmDemo,
  'bm-encoder': bmEncoderDemo,
  adding: addingDemo,
  'char-lstm': charLstmDemo,
  seq2seq: seq2seqDemo,
  vae: vaeDemo,
  gan: ganDemo,
  flow: flowDemo,
};
