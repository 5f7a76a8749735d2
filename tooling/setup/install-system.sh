#!/usr/bin/env bash
# Installs the system parts the tests need on Debian (bookworm or newer), as root or through sudo:
#   - Mesa's Vulkan drivers (lavapipe, a software Vulkan device) and the Vulkan loader, from
#     bookworm-backports on bookworm (Mesa 25; bookworm's own 22.3 is too old for the WebGPU tests);
#   - Chromium, for the playground's browser test (headless, WebGPU on SwiftShader);
#   - dataset-fashion-mnist, the full Fashion-MNIST set at /usr/share/datasets/fashion-mnist.
# Run it (`bash tooling/setup/install-system.sh`), or source it for its functions (.ci/run does).

# apt needs root; CI runs as root, a developer may have sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update
    apt_updated=1
  fi
}

# Installs Debian packages that are not installed yet.
apt_install() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
}

# Mesa's Vulkan drivers and the Vulkan loader from bookworm-backports. The backports source is derived
# from the deb822 sources of a stock bookworm. A release newer than bookworm has a recent Mesa itself.
install_mesa_backports() {
  local sources=/etc/apt/sources.list.d/debian.sources
  local version
  version="$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)"
  if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null \
    && dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed'; then
    echo "install_mesa_backports: Mesa $version is installed"
    return 0
  fi
  if ! grep -q '^12' /etc/debian_version 2>/dev/null; then
    apt_install mesa-vulkan-drivers libvulkan1
    return
  fi
  if [ ! -f "$sources" ]; then
    echo "install_mesa_backports: $sources not found, so no bookworm-backports source can be derived;" \
      "add bookworm-backports to apt and install mesa-vulkan-drivers and libvulkan1 from it" >&2
    return 1
  fi
  awk 'BEGIN{RS="";ORS="\n\n"} /Suites: bookworm bookworm-updates/' "$sources" | sed 's/^Suites: .*/Suites: bookworm-backports/' \
    | as_root tee /etc/apt/sources.list.d/backports.sources >/dev/null || return 1
  as_root apt-get update || return 1
  apt_updated=1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1
}

# Everything the tests need; a failure of any part fails the whole install.
install_system_parts() {
  apt_install dataset-fashion-mnist chromium && install_mesa_backports
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  export DEBIAN_FRONTEND=noninteractive
  install_system_parts
fi
