import { describe, expect, it } from 'vitest';
import { loadFixture } from './fixture';
import { runCase, type FloatDType, type OpTable } from './run-case';

const describeArgs = (args: object): string => JSON.stringify(args);

/**
 * The conformance tests of one fixture family: every case in float64 and float32, and a check that the
 * op table and the fixtures cover each other (no fixture op without a dnn call, no untested table entry).
 */
export function describeFamily(family: string, table: OpTable): void {
  const fixture = loadFixture(family);
  describe(`${family} (PyTorch ${fixture.torch} goldens)`, () => {
    it('maps every fixture op to dnn and exercises every mapped op', () => {
      const fixtureOps = new Set(fixture.cases.map((c) => c.op));
      expect([...fixtureOps].filter((op) => !(op in table)), 'fixture ops without a dnn mapping').toEqual([]);
      expect(Object.keys(table).filter((op) => !fixtureOps.has(op)), 'mapped ops without a fixture case').toEqual([]);
    });
    for (const float of ['float64', 'float32'] as FloatDType[]) {
      describe(float, () => {
        for (const c of fixture.cases) {
          it(c.name, () => {
            const where = `${family}.json › ${c.name} [${float}]: op ${c.op}, args ${describeArgs(c.args)}`;
            let failures: string[];
            try {
              failures = runCase(c, table, float);
            } catch (err) {
              throw new Error(`${where}\n  threw ${(err as Error).stack ?? String(err)}`);
            }
            if (failures.length) expect.fail(`${where}\n  ${failures.join('\n  ')}`);
          });
        }
      });
    }
  });
}
