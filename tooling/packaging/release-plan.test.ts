/**
 * The release plan of changesets for a `minor` changeset on @dnn/tensor alone, computed on a copy of the
 * workspace's manifests and changeset config: while the packages are at 0.x, every published package
 * moves to the same next 0.x minor and none is pushed to 1.0.0 by the peer-dependency cascade.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import getReleasePlan from '@changesets/get-release-plan';
import { repoRoot, workspaceProjects } from './workspace';

type ReleasePlan = Awaited<ReturnType<typeof getReleasePlan>>;

let tmp: string;
let plan: ReleasePlan;

const projects = workspaceProjects();
const published = projects.filter((p) => !p.manifest.private);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'dnn-release-plan-'));
  for (const f of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    await cp(join(repoRoot, f), join(tmp, f));
  }
  for (const p of projects) {
    await mkdir(join(tmp, p.folder), { recursive: true });
    await cp(join(repoRoot, p.folder, 'package.json'), join(tmp, p.folder, 'package.json'));
  }
  // the synthetic changeset replaces whatever is pending in the repository
  await writeFile(join(tmp, '.changeset/tensor-minor.md'), '---\n"@dnn/tensor": minor\n---\n\nA breaking change.\n');
  plan = await getReleasePlan(tmp);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('changesets release plan for a minor on @dnn/tensor', () => {
  it('covers the published packages', () => {
    expect(published.map((p) => p.manifest.name)).toContain('@dnn/tensor');
    expect(published.length).toBeGreaterThan(1);
  });

  it('never plans 1.0.0 from 0.x', () => {
    const toMajor = plan.releases
      .filter((r) => r.oldVersion.startsWith('0.') && !r.newVersion.startsWith('0.'))
      .map((r) => `${r.name} ${r.oldVersion} → ${r.newVersion} (${r.type})`);
    expect(toMajor).toEqual([]);
  });

  it('moves every published package to the same next minor, in lockstep', () => {
    const tensor = published.find((p) => p.manifest.name === '@dnn/tensor')!.manifest.version;
    const [major, minor] = tensor.split('.').map(Number);
    const next = `${major}.${minor! + 1}.0`;
    const planned = Object.fromEntries(plan.releases.map((r) => [r.name, r.newVersion]));
    const expected = Object.fromEntries(published.map((p) => [p.manifest.name, next]));
    expect(Object.fromEntries(published.map((p) => [p.manifest.name, planned[p.manifest.name]]))).toEqual(expected);
  });

  it('writes @dnn peer ranges as workspace:^0, the form that keeps 0.x minors in range', () => {
    // `workspace:^` means ^<current version> to changesets, which a 0.x minor leaves: the cascade to 1.0.0
    const wrong = published.flatMap((p) =>
      Object.entries(p.manifest.peerDependencies ?? {})
        .filter(([name, range]) => name.startsWith('@dnn/') && range !== 'workspace:^0')
        .map(([name, range]) => `${p.folder}: ${name} "${range}" (write "workspace:^0")`),
    );
    expect(wrong).toEqual([]);
  });
});
