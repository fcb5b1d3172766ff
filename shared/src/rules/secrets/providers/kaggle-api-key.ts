/** A Kaggle API key (`KAGGLE_KEY`, kaggle.json) is stored in the notebook. */
import { HEX32, emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'kaggle-api-key',
  description: 'A Kaggle API key (`KAGGLE_KEY`, kaggle.json) is stored in the notebook.',
  label: 'Kaggle API key',
  envName: 'KAGGLE_KEY',
  rotateUrl: 'https://www.kaggle.com/settings',
  detectors: [
    // Kaggle: the API key in `kaggle.json` (`{"username": …, "key": "<32 hex>"}`) or `KAGGLE_KEY`.
    // Source: Kaggle API docs, "API credentials".
    {
      triggers: ['kaggle', 'KAGGLE', 'Kaggle', '"username"', "'username'"],
      scan(text, emit) {
        const gate = (start: number, v: string): void => {
          if (looksRandom(v, 3.0)) emit(start, v);
        };
        emitGroup(keyed(String.raw`kaggle_?(?:api_?)?key`, HEX32), text, gate);
        // kaggle.json content: a `username` and a 32-hex `key` next to each other.
        emitGroup(
          /["']username["']\s{0,4}:\s{0,4}["'][^"'\n]{1,64}["']\s{0,4},\s{0,4}["']key["']\s{0,4}:\s{0,4}["']([0-9a-f]{32})["']/g,
          text,
          gate,
        );
        emitGroup(
          /["']key["']\s{0,4}:\s{0,4}["']([0-9a-f]{32})["']\s{0,4},\s{0,4}["']username["']/g,
          text,
          gate,
        );
      },
    },
  ],
});
