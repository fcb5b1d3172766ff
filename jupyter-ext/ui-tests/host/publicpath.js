// Runs before any chunk loads: chunks are served from the server's static URL.
function getOption(name) {
  const el = document.getElementById('jupyter-config-data');
  return (el ? JSON.parse(el.textContent || '{}') : {})[name] || '';
}
// eslint-disable-next-line no-undef
__webpack_public_path__ = getOption('fullStaticUrl') + '/';
