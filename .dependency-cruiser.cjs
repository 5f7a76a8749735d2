// The dependency rules of the dnn workspace (see docs/architecture.md, "Dependency rules").
// Run with `pnpm lint`; tooling/lint/rules.test.ts proves each rule still fires.
//
// Dependencies point one way:  models → conv | recurrent | boltzmann | graph | generative → tensor;
// generative → conv;  train → tensor;  data → tensor;  onnx → tensor;  webgpu → tensor;  apps → anything.
// Imports between packages are matched in every form they can take:
//   packages/<name>/…                resolved through the workspace link (the usual case)
//   @dnn/<name>…                     not resolvable (the package is not in package.json yet)
//   …node_modules/@dnn/<name>/…      resolved to an installed copy instead of the workspace

/** A regex source matching any import of the package(s) whose folder name matches `name`. */
const pkg = (name) => `^(packages/(?:${name})/|@dnn/(?:${name})(/|$))|node_modules/@dnn/(?:${name})/`;

/**
 * The packages above @dnn/tensor: layer families, the zoo, data, the trainer and the ONNX exporter. Each gets its device
 * injected and depends on @dnn/tensor alone, except as the rules below allow.
 */
const LAYERS = 'conv|recurrent|boltzmann|graph|generative|models|data|train|onnx';
/** The layer packages that @dnn/models composes into networks. */
const MODEL_PARTS = 'conv|recurrent|boltzmann|graph|generative';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'webgpu-only-in-apps',
      severity: 'error',
      comment:
        'Only an application composes a WebGPU device. Packages (the layer packages above all) and tooling ' +
        'take the device they are given, so they never import @dnn/webgpu.',
      from: { pathNot: '^(apps/|packages/webgpu/)' },
      to: { path: pkg('webgpu') },
    },
    {
      name: 'tensor-is-the-foundation',
      severity: 'error',
      comment: '@dnn/tensor is the bottom of the graph: it imports no other @dnn package and no app.',
      // build configs (tsup.config.ts) may use the shared presets in tooling/; the package's code may not
      from: { path: '^packages/tensor/', pathNot: '\\.config\\.[cm]?[jt]s$' },
      to: { path: `^(apps/|tooling/)|${pkg('[^/]+')}`, pathNot: pkg('tensor') },
    },
    {
      name: 'layers-stay-apart',
      severity: 'error',
      comment: 'A layer package (and data, train, onnx) depends on @dnn/tensor only: it never imports another of them.',
      from: { path: `^packages/(${LAYERS})/`, pathNot: '^packages/(models|generative)/' },
      to: { path: pkg(LAYERS), pathNot: pkg('$1') },
    },
    {
      name: 'generative-builds-on-conv',
      severity: 'error',
      comment: '@dnn/generative may use convolutional layers from @dnn/conv, and no other layer package.',
      from: { path: '^packages/generative/' },
      to: { path: pkg(LAYERS), pathNot: pkg('generative|conv') },
    },
    {
      name: 'models-composes-layers',
      severity: 'error',
      comment: '@dnn/models composes the layer families (conv, recurrent, boltzmann, graph, generative), and imports neither data nor train.',
      from: { path: '^packages/models/' },
      to: { path: pkg(LAYERS), pathNot: pkg(`models|${MODEL_PARTS}`) },
    },
    {
      name: 'no-package-cycles',
      severity: 'error',
      comment: 'Packages form a graph without cycles: an import from one package into another is never part of a cycle.',
      from: { path: '^(packages|apps|tooling)/([^/]+)(/|$)' },
      to: { circular: true, pathNot: '^$1/$2(/|$)' },
    },
    {
      name: 'no-package-cycles',
      severity: 'error',
      scope: 'folder',
      comment: 'The same at package level: no package reaches itself through other packages, whatever the files.',
      from: { path: '^(packages|apps|tooling)/([^/]+)(/|$)' },
      to: { circular: true, pathNot: '^$1/$2(/|$)' },
    },
  ],
  options: {
    // tooling/lint/fixtures holds deliberately broken code for the rule tests
    exclude: { path: '(^|/)(node_modules|dist|coverage|fixtures)/|^docs/|\\.d\\.[cm]?ts$' },
    // `depcruise .` looks at the workspace folders only (apps/ may not exist yet); keep bare @dnn/* imports
    // that do not resolve, so a rule still fires on a package that is not declared as a dependency
    includeOnly: '^(packages|apps|tooling)/|^@dnn/|node_modules/@dnn/',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // resolve workspace packages to their sources, as vitest and tsc do
      conditionNames: ['development', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
