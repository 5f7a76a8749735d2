import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '@dnn/tensor';
import { DEVICES } from './devices';
import { loadFixture } from './fixture';
import { runCase, type OpTable } from './run-case';

const describeArgs = (args: object): string => JSON.stringify(args);

/**
 * The conformance tests of one fixture family: a check that the op table and the fixtures cover each
 * other (no fixture op without a dnn call, no untested table entry), then every case on every device
 * of devices.ts, in each float dtype that device has, within that device's tolerance.
 */
export function describeFamily(family: string, table: OpTable): void {
  const fixture = loadFixture(family);
  describe(`${family} (PyTorch ${fixture.torch} goldens)`, () => {
    it('maps every fixture op to dnn and exercises every mapped op', () => {
      const fixtureOps = new Set(fixture.cases.map((c) => c.op));
      expect([...fixtureOps].filter((op) => !(op in table)), 'fixture ops without a dnn mapping').toEqual([]);
      expect(Object.keys(table).filter((op) => !fixtureOps.has(op)), 'mapped ops without a fixture case').toEqual([]);
    });
    for (const golden of DEVICES) {
      describe(golden.name, () => {
        let device: Device;
        beforeAll(async () => {
          device = await golden.create();
        });
        afterAll(async () => {
          if (device) await golden.release?.(device);
        });
        for (const float of golden.floats) {
          describe(float, () => {
            for (const c of fixture.cases) {
              it(c.name, async () => {
                const where = `${family}.json › ${c.name} [${float}, ${golden.name}]: op ${c.op}, args ${describeArgs(c.args)}`;
                let failures: string[];
                try {
                  failures = await runCase(c, table, float, { device, tolerance: golden.tolerance[float] });
                } catch (err) {
                  throw new Error(`${where}\n  threw ${(err as Error).stack ?? String(err)}`);
                }
                if (failures.length) expect.fail(`${where}\n  ${failures.join('\n  ')}`);
              }, golden.timeoutMs);
            }
          });
        }
      });
    }
  });
}
