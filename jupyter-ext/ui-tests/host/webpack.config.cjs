// Host app for the browser tests: the real JupyterLab 4.6.4 front end built from npm packages.
// The extension list and shared-module versions come from @jupyterlab/core-meta's
// core.package.json (JupyterLab's own staging package.json). Cellguard is NOT bundled here: it is
// loaded as a prebuilt federated labextension installed from its wheel, as users get it.
const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');
const { merge } = require('webpack-merge');
const baseConfig = require('@jupyterlab/builder/lib/webpack.config.base');
const { Build } = require('@jupyterlab/builder');
const core = require('@jupyterlab/core-meta/core.package.json');

const { extensions, mimeExtensions, singletonPackages } = core.jupyterlab;
const extPkgs = [...new Set([...Object.keys(extensions), ...Object.keys(mimeExtensions)])];
const buildDir = path.resolve(process.env.CELLGUARD_HOST_BUILD || path.join(__dirname, 'build'));
fs.rmSync(buildDir, { recursive: true, force: true });
fs.mkdirSync(buildDir, { recursive: true });

// Copies schemas/ and themes/ and writes style.js for every core extension.
const assetConfig = Build.ensureAssets({
  packageNames: extPkgs.filter((n) => require(`${n}/package.json`).jupyterlab),
  output: buildDir,
});

// The static require() list of core plugins (what staging's handlebars template generates).
const req = (name, sub) => `require('${name}${sub ? '/' + sub : ''}')`;
const list = (entries) => entries.map(([n, s]) => `    '${n}': () => ${req(n, s)}`).join(',\n');
fs.writeFileSync(
  path.join(buildDir, 'plugins.gen.js'),
  `module.exports = {\n  extensions: {\n${list(Object.entries(extensions))}\n  },\n` +
    `  mimeExtensions: {\n${list(Object.entries(mimeExtensions))}\n  }\n};\n`,
);

// Module federation share scope, with the same rules as jupyterlab/staging.
const shared = {};
for (const [pkg, requiredVersion] of Object.entries(core.resolutions))
  shared[pkg] = { requiredVersion };
for (const pkg of extPkgs) {
  const meta = require(`${pkg}/package.json`);
  if (!meta.jupyterlab) continue;
  if (!shared[pkg]) shared[pkg] = { requiredVersion: meta.version };
  for (const [dep, requiredVersion] of Object.entries(meta.dependencies ?? {})) {
    if (!shared[dep]) shared[dep] = { requiredVersion };
  }
}
for (const pkg of singletonPackages) shared[pkg].singleton = true;

module.exports = [
  merge(baseConfig, {
    mode: process.env.CELLGUARD_HOST_MODE || 'development',
    context: __dirname,
    entry: { main: ['./publicpath.js', './bootstrap.js'] },
    output: { path: buildDir, filename: 'bundle.js', chunkFilename: '[name].[contenthash].js' },
    devtool: false,
    resolve: { alias: { '@host-gen': buildDir } },
    bail: true,
    plugins: [
      new webpack.container.ModuleFederationPlugin({
        library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION'] },
        name: 'CORE_FEDERATION',
        shared,
      }),
    ],
  }),
].concat(assetConfig);
