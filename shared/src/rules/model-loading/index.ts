import type { Rule } from '../../engine/rule.js';
import pickleLoad from './pickle-load.js';

/** Unsafe model loading rules (category `unsafe-load`). */
export const modelLoadingRules: readonly Rule[] = [pickleLoad];
