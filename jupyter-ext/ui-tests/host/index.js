// The host app: a real JupyterLab 4.6.4 front end assembled from npm packages (the pattern of
// jupyterlab/examples/app). Bundled core plugins + federated extensions from page_config.
import { PageConfig, JupyterPluginRegistry } from '@jupyterlab/coreutils';
import '@host-gen/style.js';

async function createModule(scope, module) {
  const factory = await window._JUPYTERLAB[scope].get(module);
  const instance = factory();
  instance.__scope__ = scope;
  return instance;
}

export async function main() {
  const { JupyterLab } = require('@jupyterlab/application');
  const gen = require('@host-gen/plugins.gen.js');
  const pluginRegistry = new JupyterPluginRegistry();
  const isDisabled = (id) => PageConfig.Extension.isDisabled(id);
  const isDeferred = (id) => PageConfig.Extension.isDeferred(id);
  const disabled = [],
    deferred = [],
    ignorePlugins = [],
    allPlugins = [];

  function* activePlugins(ext) {
    const exp = Object.prototype.hasOwnProperty.call(ext, '__esModule') ? ext.default : ext;
    for (const p of Array.isArray(exp) ? exp : [exp]) {
      allPlugins.push({
        id: p.id,
        description: p.description,
        requires: p.requires ?? [],
        optional: p.optional ?? [],
        provides: p.provides ?? null,
        autoStart: p.autoStart,
        enabled: !isDisabled(p.id),
        extension: ext.__scope__,
      });
      if (isDisabled(p.id)) {
        disabled.push(p.id);
        continue;
      }
      if (isDeferred(p.id)) {
        deferred.push(p.id);
        ignorePlugins.push(p.id);
      }
      yield p;
    }
  }

  const federated = JSON.parse(PageConfig.getOption('federated_extensions') || '[]');
  const queued = new Set();
  const fedExt = [],
    fedMime = [],
    fedStyle = [];
  for (const d of federated) {
    if (d.extension) {
      queued.add(d.name);
      fedExt.push(createModule(d.name, d.extension));
    }
    if (d.mimeExtension) {
      queued.add(d.name);
      fedMime.push(createModule(d.name, d.mimeExtension));
    }
    if (d.style && !isDisabled(d.name)) fedStyle.push(createModule(d.name, d.style));
  }

  const mimeExtensions = [];
  for (const [name, load] of Object.entries(gen.mimeExtensions)) {
    if (queued.has(name)) continue;
    const ext = load();
    ext.__scope__ = name;
    for (const p of activePlugins(ext)) mimeExtensions.push(p);
  }
  for (const r of await Promise.allSettled(fedMime)) {
    if (r.status === 'fulfilled') for (const p of activePlugins(r.value)) mimeExtensions.push(p);
    else console.error(r.reason);
  }
  const register = [];
  for (const [name, load] of Object.entries(gen.extensions)) {
    if (queued.has(name)) continue; // a federated build overrides a bundled one
    const ext = load();
    ext.__scope__ = name;
    for (const p of activePlugins(ext)) register.push(p);
  }
  for (const r of await Promise.allSettled(fedExt)) {
    if (r.status === 'fulfilled') for (const p of activePlugins(r.value)) register.push(p);
    else console.error(r.reason);
  }
  (await Promise.allSettled(fedStyle))
    .filter((r) => r.status === 'rejected')
    .forEach((r) => console.error(r.reason));

  pluginRegistry.registerPlugins(register);
  const { IConnectionStatus, IServiceManager } = require('@jupyterlab/services');
  const connectionStatus = await pluginRegistry.resolveOptionalService(IConnectionStatus);
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);
  const lab = new JupyterLab({
    pluginRegistry,
    serviceManager,
    mimeExtensions,
    connectionStatus,
    disabled: { matches: disabled, patterns: PageConfig.Extension.disabled.map((v) => v.raw) },
    deferred: { matches: deferred, patterns: PageConfig.Extension.deferred.map((v) => v.raw) },
    availablePlugins: allPlugins,
  });
  await lab.start({ ignorePlugins, bubblingKeydown: true });
  window.jupyterapp = lab; // exposed for tests (galata uses window.jupyterapp too)
  await lab.restored;
  document.body.dataset.cellguardRestored = 'true';
  console.log('host app restored');
}
