// Which system parts the tests need are missing, and what to tell someone who must install them by
// hand. Pure functions over a probe of the machine, so the decisions are tested without touching it.

/** Mesa's first release whose lavapipe runs the WebGPU tests (bookworm-backports ships it on bookworm). */
export const MIN_MESA_MAJOR = 25;

/**
 * @typedef {object} Probe
 * @property {string} platform          process.platform
 * @property {boolean} debian           /etc/debian_version exists
 * @property {string | null} debianVersion  its content (e.g. "12.8"), null off Debian
 * @property {Record<string, string>} dpkg  installed Debian packages → version (only those asked about)
 * @property {boolean} vulkanIcd        a Vulkan driver manifest exists (…/vulkan/icd.d/*.json)
 * @property {boolean} vulkanLoader     libvulkan.so.1 exists
 * @property {string | null} chromium   the Chromium the browser test will launch, if it exists
 * @property {string} [chromiumEnv]     the CHROMIUM environment variable, when set
 * @property {boolean} fashionMnist     /usr/share/datasets/fashion-mnist exists
 */

/** The upstream major version of a Debian version string ("1:25.0.7-2~bpo12+1" → 25). */
export function upstreamMajor(version) {
  const m = /^(?:\d+:)?(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * The missing parts, each { id, what, install } where install says how to get it on this platform.
 * @param {Probe} p
 */
export function missingParts(p) {
  const out = [];
  if (p.platform === 'linux') {
    if (p.debian) {
      const mesa = p.dpkg['mesa-vulkan-drivers'];
      const major = upstreamMajor(mesa);
      if (!mesa || major === null || major < MIN_MESA_MAJOR || !p.dpkg.libvulkan1) {
        out.push({
          id: 'vulkan',
          what: `Mesa's Vulkan drivers ${MIN_MESA_MAJOR}+ and the Vulkan loader for the WebGPU tests` + (mesa ? ` (Mesa ${mesa} is installed)` : ''),
          install: isBookworm(p)
            ? 'sudo bash tooling/setup/install-system.sh (adds bookworm-backports, installs mesa-vulkan-drivers and libvulkan1 from it)'
            : 'sudo apt-get install mesa-vulkan-drivers libvulkan1',
        });
      }
    } else if (!p.vulkanIcd || !p.vulkanLoader) {
      out.push({
        id: 'vulkan',
        what: 'a Vulkan driver and loader for the WebGPU tests',
        install: `install Mesa ${MIN_MESA_MAJOR}+ Vulkan drivers (lavapipe) and the Vulkan loader (libvulkan.so.1) with your package manager`,
      });
    }
  }
  if (!p.chromium) {
    out.push({
      id: 'chromium',
      what: "Chromium for the playground's browser test",
      install: p.chromiumEnv ? `CHROMIUM=${p.chromiumEnv} does not exist; point it at a Chromium or Chrome binary`
        : p.debian ? 'sudo apt-get install chromium'
        : p.platform === 'darwin' ? "set CHROMIUM to a Chrome or Chromium binary, e.g. CHROMIUM='/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'"
          : 'install Chromium and set CHROMIUM to its binary',
    });
  }
  if (!p.fashionMnist) {
    out.push({
      id: 'fashion-mnist',
      what: 'the full Fashion-MNIST set at /usr/share/datasets/fashion-mnist',
      install: p.debian ? 'sudo apt-get install dataset-fashion-mnist'
        : 'pnpm dnn data fetch fashion-mnist --dir /usr/share/datasets/fashion-mnist (as a user who may write there)',
    });
  }
  return out;
}

/** @param {Probe} p */
function isBookworm(p) {
  return /^12(\.|$)/.test(p.debianVersion ?? '') || /bookworm/.test(p.debianVersion ?? '');
}

/**
 * Whether install-system.sh can install the missing parts here: Debian with apt, as root or with
 * password-less sudo.
 * @param {{ debian: boolean, apt: boolean, root: boolean, sudo: boolean }} p
 */
export function canInstall(p) {
  return p.debian && p.apt && (p.root || p.sudo);
}

/** One line per missing part: what it is and how to install it. */
export function adviceLines(missing) {
  return missing.map((m) => `missing: ${m.what}. Install: ${m.install}`);
}
