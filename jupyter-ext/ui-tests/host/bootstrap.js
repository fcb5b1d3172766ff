// Loads the prebuilt (federated) labextensions the server lists in
// page_config.federated_extensions — Cellguard among them, installed from its wheel — into the
// shared module scope, then starts the app (index.js).
function getOption(name) {
  const el = document.getElementById('jupyter-config-data');
  return (el ? JSON.parse(el.textContent || '{}') : {})[name] || '';
}
function loadScript(url) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.onerror = reject;
    s.onload = resolve;
    s.async = true;
    document.head.appendChild(s);
    s.src = url;
  });
}
async function loadComponent(url, scope) {
  await loadScript(url);
  // eslint-disable-next-line no-undef
  await __webpack_init_sharing__('default');
  const container = window._JUPYTERLAB[scope];
  // eslint-disable-next-line no-undef
  await container.init(__webpack_share_scopes__.default);
}
void (async function bootstrap() {
  const base = getOption('fullLabextensionsUrl');
  const results = await Promise.allSettled(
    (getOption('federated_extensions') || []).map((d) =>
      loadComponent(`${base}/${d.name}/${d.load}`, d.name),
    ),
  );
  results.filter((r) => r.status === 'rejected').forEach((r) => console.error(r.reason));
  const { main } = await import('./index.js');
  if (document.readyState === 'complete') {
    void main();
  } else {
    window.addEventListener('load', main);
  }
})();
