import seedrandom from 'seedrandom';
import { ValueError } from '../errors';
import { threefry2x32, uniform53 } from './threefry';
import { processWide } from '../process-state';

/**
 * A random stream: a Threefry key plus a counter offset. Each draw of n values takes counters
 * [offset, offset + n), so the same seed gives the same bits on every device.
 */
export class Generator {
  key: [number, number];
  offset = 0;

  constructor(seed: number | string = 0) {
    this.key = keyFromSeed(seed);
  }

  manualSeed(seed: number | string): this {
    this.key = keyFromSeed(seed);
    this.offset = 0;
    return this;
  }

  /** Reserves n counters and returns where they start. */
  take(n: number): number {
    const start = this.offset;
    this.offset += n;
    return start;
  }

  /** A float in [0, 1) for host-side choices (shuffles, crops) from the same stream. */
  nextFloat(): number {
    const s = this.take(1);
    return hostUniform(this.key, s);
  }

  state(): { key: [number, number]; offset: number } {
    return { key: [...this.key], offset: this.offset };
  }

  setState(state: { key: readonly [number, number]; offset: number }): void {
    this.key = [state.key[0] >>> 0, state.key[1] >>> 0];
    this.offset = state.offset;
  }
}

const scratch = new Uint32Array(2);
function hostUniform(key: readonly [number, number], counter: number): number {
  threefry2x32(key[0], key[1], counter >>> 0, Math.floor(counter / 4294967296) >>> 0, scratch);
  return uniform53(scratch[0]!, scratch[1]!);
}

function keyFromSeed(seed: number | string): [number, number] {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new ValueError(`manualSeed: seed must be a safe integer or a string, got ${seed}`);
    const s = seed < 0 ? seed + 2 ** 53 : seed;
    return [s >>> 0, Math.floor(s / 4294967296) >>> 0];
  }
  // strings are hashed by seedrandom's ARC4 key schedule into two 32-bit words
  const rng = seedrandom(seed);
  return [rng.int32() >>> 0, rng.int32() >>> 0];
}

// one default generator per process, shared by the ESM and CommonJS builds
const generators = processWide('generator', () => ({ default: new Generator(0) }));

export function getDefaultGenerator(): Generator {
  return generators.default;
}

/** Seeds the default generator, like torch.manual_seed. */
export function manualSeed(seed: number | string): Generator {
  generators.default = new Generator(seed);
  return generators.default;
}
