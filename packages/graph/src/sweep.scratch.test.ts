import { it } from 'vitest';
import { csbmSweep } from './demos/csbm';
import { karateDemo } from './demos/karate';
import { ginCyclesDemo } from './demos/gin-cycles';
it('sweep', () => {
  for (const m of ['gcn', 'gat', 'sage', 'mlp'] as const) console.log('ROW karate', m, karateDemo({ model: m, seed: 0 }).accuracy.toFixed(4));
  console.log('ROW gin', JSON.stringify(ginCyclesDemo({ seed: 0 })));
  for (const r of csbmSweep({ numNodes: 1000, epochs: 100, seed: 0 })) console.log('ROW csbm', r.level, JSON.stringify(r.accuracy));
}, 600000);
