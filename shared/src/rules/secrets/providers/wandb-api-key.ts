/** A Weights & Biases API key is stored in the notebook. */
import { emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'wandb-api-key',
  description: 'A Weights & Biases API key is stored in the notebook.',
  label: 'Weights & Biases API key',
  envName: 'WANDB_API_KEY',
  rotateUrl: 'https://wandb.ai/authorize',
  detectors: [
    // Weights & Biases: API keys are 40 hex characters (wandb docs, "wandb login"; the `.netrc`
    // entry for api.wandb.ai). Newer keys may be longer and prefixed; accepted in the same contexts.
    {
      triggers: ['wandb', 'WANDB'],
      caseInsensitive: true,
      scan(text, emit) {
        const value = String.raw`[0-9a-f]{40}|[A-Za-z0-9_-]{40,100}`;
        const gate = (start: number, v: string): void => {
          if (looksRandom(v, 3.2)) emit(start, v);
        };
        emitGroup(keyed(String.raw`wandb_?(?:api_?)?key`, value), text, gate);
        emitGroup(
          /wandb\.login\(\s{0,8}(?:key\s{0,4}=\s{0,4})?[rRbBuU]?["']([\w-]{40,100})["']/g,
          text,
          gate,
        );
        emitGroup(
          /wandb\s{1,4}login\s{1,4}(?:--relogin\s{1,4})?([0-9a-f]{40})(?![\w-])/g,
          text,
          gate,
        );
        emitGroup(
          /machine\s{1,4}api\.wandb\.ai\s{1,8}login\s{1,4}\S{1,100}\s{1,8}password\s{1,4}([0-9a-f]{40})(?![\w-])/g,
          text,
          gate,
        );
      },
    },
  ],
});
