/**
 * @dnn/boltzmann: a Boltzmann machine's ground state by simulated annealing, checked by brute force.
 * Run: pnpm example boltzmann   (or: pnpm exec tsx --conditions=development examples/boltzmann.ts)
 */
import { Generator } from '@dnn/tensor';
import { BoltzmannMachine } from '@dnn/boltzmann';

const bm = new BoltzmannMachine(12, { initStd: 1, generator: new Generator(0) });
const { energy } = bm.anneal({ schedule: 'geometric', sweeps: 300 }); // search
const exact = bm.exact();                                               // all 2¹² states
console.log(`annealed energy ${energy.toFixed(4)}, exact minimum ${exact.minEnergy.toFixed(4)}`);
console.log(energy - exact.minEnergy < 1e-9 ? 'annealing found the ground state' : 'annealing stopped in a local minimum');
