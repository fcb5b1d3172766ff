import type { Rule } from '../../engine/rule.js';
import allowDangerousDeserialization from './allow-dangerous-deserialization.js';
import hubLoadWithoutRevision from './hub-load-without-revision.js';
import joblibLoad from './joblib-load.js';
import kerasUnsafeDeserialization from './keras-unsafe-deserialization.js';
import numpyLoadAllowPickle from './numpy-load-allow-pickle.js';
import pandasReadPickle from './pandas-read-pickle.js';
import pickleFamilyLoad from './pickle-family-load.js';
import pickleLoad from './pickle-load.js';
import skopsLoadTrustsAll from './skops-load-trusts-all.js';
import torchHubLoad from './torch-hub-load.js';
import torchLoadWithoutWeightsOnly from './torch-load-without-weights-only.js';
import trustRemoteCode from './trust-remote-code.js';
import useSafetensorsDisabled from './use-safetensors-disabled.js';
import yamlUnsafeLoad from './yaml-unsafe-load.js';

/** Unsafe model loading rules (category `unsafe-load`), sorted by id. */
export const modelLoadingRules: readonly Rule[] = [
  allowDangerousDeserialization,
  hubLoadWithoutRevision,
  joblibLoad,
  kerasUnsafeDeserialization,
  numpyLoadAllowPickle,
  pandasReadPickle,
  pickleFamilyLoad,
  pickleLoad,
  skopsLoadTrustsAll,
  torchHubLoad,
  torchLoadWithoutWeightsOnly,
  trustRemoteCode,
  useSafetensorsDisabled,
  yamlUnsafeLoad,
];
