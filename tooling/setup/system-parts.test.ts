import { describe, it, expect } from 'vitest';
import { adviceLines, canInstall, missingParts, upstreamMajor } from './system-parts.mjs';

const debianBookworm = {
  platform: 'linux', debian: true, debianVersion: '12.8', vulkanIcd: true, vulkanLoader: true,
  chromium: '/usr/bin/chromium', fashionMnist: true,
  dpkg: { 'mesa-vulkan-drivers': '25.0.7-2~bpo12+1', libvulkan1: '1.3.239.0-1' } as Record<string, string>,
};

describe('the system parts the tests need', () => {
  it('reads the upstream major of a Debian version', () => {
    expect(upstreamMajor('25.0.7-2~bpo12+1')).toBe(25);
    expect(upstreamMajor('1:22.3.6-1+deb12u1')).toBe(22);
    expect(upstreamMajor(undefined)).toBe(null);
  });

  it('finds nothing missing on a machine set up like CI', () => {
    expect(missingParts(debianBookworm)).toEqual([]);
  });

  it("on bookworm, its own Mesa 22 is missing the backports' 25, and the advice names install-system.sh", () => {
    const p = { ...debianBookworm, dpkg: { 'mesa-vulkan-drivers': '22.3.6-1+deb12u1', libvulkan1: '1.3.239.0-1' } };
    const missing = missingParts(p);
    expect(missing.map((m) => m.id)).toEqual(['vulkan']);
    expect(adviceLines(missing)).toEqual([
      "missing: Mesa's Vulkan drivers 25+ and the Vulkan loader for the WebGPU tests (Mesa 22.3.6-1+deb12u1 is installed). " +
        'Install: sudo bash tooling/setup/install-system.sh (adds bookworm-backports, installs mesa-vulkan-drivers and libvulkan1 from it)',
    ]);
  });

  it('a fresh Debian machine misses all three parts, one line each', () => {
    const fresh = { ...debianBookworm, dpkg: {}, chromium: null, fashionMnist: false, vulkanIcd: false, vulkanLoader: false };
    const lines = adviceLines(missingParts(fresh));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe("missing: Chromium for the playground's browser test. Install: sudo apt-get install chromium");
    expect(lines[2]).toBe('missing: the full Fashion-MNIST set at /usr/share/datasets/fashion-mnist. Install: sudo apt-get install dataset-fashion-mnist');
    // a Debian release after bookworm has a recent Mesa of its own
    expect(missingParts({ ...fresh, debianVersion: 'trixie/sid' })[0]!.install).toBe('sudo apt-get install mesa-vulkan-drivers libvulkan1');
  });

  it('macOS needs no Vulkan (WebGPU runs on Metal) but a Chromium named by CHROMIUM', () => {
    const mac = { platform: 'darwin', debian: false, debianVersion: null, dpkg: {}, vulkanIcd: false, vulkanLoader: false, chromium: null, fashionMnist: true };
    const missing = missingParts(mac);
    expect(missing.map((m) => m.id)).toEqual(['chromium']);
    expect(missing[0]!.install).toMatch(/^set CHROMIUM to a Chrome or Chromium binary/);
    expect(missingParts({ ...mac, chromiumEnv: '/opt/none' })[0]!.install).toBe('CHROMIUM=/opt/none does not exist; point it at a Chromium or Chrome binary');
  });

  it('another Linux needs a Vulkan driver manifest and loader, found on disk', () => {
    const other = { ...debianBookworm, debian: false, debianVersion: null, dpkg: {} };
    expect(missingParts(other)).toEqual([]);
    expect(missingParts({ ...other, vulkanLoader: false }).map((m) => m.id)).toEqual(['vulkan']);
  });

  it('installs only on Debian with apt, as root or with password-less sudo', () => {
    expect(canInstall({ debian: true, apt: true, root: true, sudo: false })).toBe(true);
    expect(canInstall({ debian: true, apt: true, root: false, sudo: true })).toBe(true);
    expect(canInstall({ debian: true, apt: true, root: false, sudo: false })).toBe(false);
    expect(canInstall({ debian: false, apt: false, root: true, sudo: false })).toBe(false);
  });
});
