// Peer dependencies between @dnn packages are written `workspace:^0` in the sources, so that changesets
// sees every 0.x version in range and a 0.x minor never cascades into 1.0.0 (see .changeset/README.md).
// The packages are released in lockstep (one version for all), so the tarball narrows each such peer
// to the package's own 0.x line: @dnn/conv 0.2.0 asks for @dnn/tensor ^0.2.0.
function narrowDnnPeers(manifest) {
  for (const name of Object.keys(manifest.peerDependencies ?? {})) {
    if (name.startsWith('@dnn/')) manifest.peerDependencies[name] = `^${manifest.version}`;
  }
  return manifest;
}

module.exports = { hooks: { beforePacking: narrowDnnPeers }, narrowDnnPeers };
