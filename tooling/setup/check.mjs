#!/usr/bin/env node
// Runs before the tests (the root "test" script): finds the system parts the tests need, installs the
// missing ones where it can (Debian, as root or with password-less sudo, via install-system.sh), and
// otherwise prints one line per missing part saying how to install it and exits 1, so the WebGPU and
// browser tests never run into a stack of adapter errors.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adviceLines, canInstall, missingParts } from './system-parts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const run = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' });
const ok = (cmd, args) => run(cmd, args).status === 0;

function dpkgVersions(packages) {
  const out = {};
  for (const name of packages) {
    const r = run('dpkg-query', ['-W', '-f=${Status}\t${Version}', name]);
    const [status, version] = (r.stdout ?? '').split('\t');
    if (r.status === 0 && status === 'install ok installed') out[name] = version;
  }
  return out;
}

const hasJson = (dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'));
const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];

function probe() {
  const debian = existsSync('/etc/debian_version');
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  return {
    platform: process.platform,
    debian,
    debianVersion: debian ? readFileSync('/etc/debian_version', 'utf8').trim() : null,
    dpkg: debian ? dpkgVersions(['mesa-vulkan-drivers', 'libvulkan1', 'chromium', 'dataset-fashion-mnist']) : {},
    vulkanIcd: ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'].some(hasJson),
    vulkanLoader: LIB_DIRS.some((d) => existsSync(join(d, 'libvulkan.so.1'))),
    chromium: existsSync(chromium) ? chromium : null,
    chromiumEnv: process.env.CHROMIUM,
    fashionMnist: existsSync('/usr/share/datasets/fashion-mnist'),
  };
}

let missing = missingParts(probe());
if (missing.length) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const installable = canInstall({
    debian: existsSync('/etc/debian_version'), apt: ok('sh', ['-c', 'command -v apt-get']), root, sudo: !root && ok('sudo', ['-n', 'true']),
  });
  if (installable) {
    console.error(`setup: installing ${missing.map((m) => m.id).join(', ')} (tooling/setup/install-system.sh)`);
    spawnSync('bash', [join(here, 'install-system.sh')], { stdio: 'inherit' });
    missing = missingParts(probe());
  }
}
if (missing.length) {
  for (const line of adviceLines(missing)) console.error(line);
  process.exit(1);
}
