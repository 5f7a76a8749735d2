import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fashionMnist } from '@dnn/data';
import { runAugmentationStudy, studyTable, type GeneratorKind } from './augment-study';
import { toLabeledSet } from './fashion';
import { studyPlot } from './augment-plot';

/**
 * pnpm --filter @dnn/studies augment [--ks 5,10,20] [--seeds 5] [--test 10000] [--steps 600] [--out DIR]
 * Runs the few-shot augmentation study on Fashion-MNIST and writes study.md (the table), study.svg (the plot) and study.json to DIR.
 */
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ks = opt('ks', '5,10,20').split(',').map(Number);
const seeds = Array.from({ length: Number(opt('seeds', '5')) }, (_, i) => i);
const out = opt('out', 'augment-study');
const generators = opt('generators', 'cvae,cgan').split(',') as GeneratorKind[];

const data = await fashionMnist();
console.log(`Fashion-MNIST from ${data.source} (${data.path}): ${data.train.count} train, ${data.test.count} test`);
const started = Date.now();
const rows = runAugmentationStudy({
  train: toLabeledSet(data.train),
  test: toLabeledSet(data.test, Number(opt('test', '10000'))),
  ks, seeds, generators,
  syntheticPerClass: Number(opt('synthetic', '50')),
  generatorSteps: Number(opt('steps', '600')),
  classifierSteps: Number(opt('classifier-steps', '300')),
  log: (l) => console.log(l),
});
const table = studyTable(rows);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'study.md'), `${table}\n`);
writeFileSync(join(out, 'study.svg'), studyPlot(rows));
writeFileSync(join(out, 'study.json'), `${JSON.stringify({ ks, seeds, generators, rows }, null, 1)}\n`);
console.log(`\n${table}\n\n${((Date.now() - started) / 60000).toFixed(1)} min; wrote ${out}/study.md, study.svg and study.json`);
