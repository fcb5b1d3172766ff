/** Node built-ins the core must never reach in a browser: present so the bundle links, empty. */
export default {};
