import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fashionMnist } from '@dnn/data';
import { CONDITIONAL_GENERATORS, augmentationPlotSvg, augmentationTable, runAugmentationStudy, type GeneratorFit } from '@dnn/generative';
import { toLabeledSet } from './fashion';
import { fitClassRbms } from './rbm-generator';
import { fitClassDbms, fitClassDbns } from './deep-boltzmann-generators';

/**
 * pnpm --filter @dnn/studies augment [--ks 5,10,20] [--seeds 5] [--test 10000] [--steps 600] [--out DIR]
 * Runs the few-shot augmentation study of @dnn/generative (the code `dnn augment` runs too) at full size on
 * Fashion-MNIST, with per-class RBMs, DBNs and DBMs (`--generators rbm,dbn,dbm`) as further choices, and writes study.md (the table),
 * study.svg (the plot) and study.json to DIR.
 */
const KNOWN: Record<string, GeneratorFit> = { ...CONDITIONAL_GENERATORS, rbm: fitClassRbms, dbn: fitClassDbns, dbm: fitClassDbms };
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ks = opt('ks', '5,10,20').split(',').map(Number);
const seeds = Array.from({ length: Number(opt('seeds', '5')) }, (_, i) => i);
const out = opt('out', 'augment-study');
const generators = opt('generators', 'cvae,cgan').split(',');
for (const g of generators) if (!KNOWN[g]) throw new Error(`augment: unknown generator '${g}' (known: ${Object.keys(KNOWN).join(', ')})`);

const data = await fashionMnist();
console.log(`Fashion-MNIST from ${data.source} (${data.path}): ${data.train.count} train, ${data.test.count} test`);
const started = Date.now();
const rows = runAugmentationStudy({
  train: toLabeledSet(data.train),
  test: toLabeledSet(data.test, Number(opt('test', '10000'))),
  ks, seeds,
  generators: Object.fromEntries(generators.map((g) => [g, KNOWN[g]!])),
  syntheticPerClass: Number(opt('synthetic', '50')),
  generatorSteps: Number(opt('steps', '600')),
  classifierSteps: Number(opt('classifier-steps', '300')),
  log: (l) => console.log(l),
});
const table = augmentationTable(rows);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'study.md'), `${table}\n`);
writeFileSync(join(out, 'study.svg'), augmentationPlotSvg(rows));
writeFileSync(join(out, 'study.json'), `${JSON.stringify({ ks, seeds, generators, rows }, null, 1)}\n`);
console.log(`\n${table}\n\n${((Date.now() - started) / 60000).toFixed(1)} min; wrote ${out}/study.md, study.svg and study.json`);
