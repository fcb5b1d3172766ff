/** Kept in step with shared/package.json by `npm run check:rules`. */
export const VERSION = '0.1.0';
