// Every package, app and tooling folder with its own vitest config is one test project.
export default ['packages/*', 'apps/*', 'tooling/*', '!**/.*'];
