/** An AI service API key (Mistral, Together, Perplexity, NVIDIA, xAI, LangSmith, Tavily, Firecrawl) is stored in the notebook. */
import { emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'ai-service-api-key',
  description:
    'An AI service API key (Mistral, Together, Perplexity, NVIDIA, xAI, LangSmith, Tavily, Firecrawl) is stored in the notebook.',
  label: 'AI service API key',
  envName: 'API_KEY',
  rotateUrl: 'https://console.mistral.ai/api-keys/',
  detectors: [
    // AI services whose keys have a known prefix, and Mistral / Together whose keys are recognisable
    // in context. Sources: Perplexity docs ("pplx-"), Together AI docs ("tgp_v1_" keys since 2025;
    // earlier 64-hex keys), NVIDIA NIM docs ("nvapi-"), xAI docs ("xai-"), LangSmith docs
    // ("lsv2_pt_"/"lsv2_sk_"), Tavily docs ("tvly-"), Firecrawl docs ("fc-"), Mistral docs
    // (32-character keys, `MISTRAL_API_KEY`); GitHub secret scanning patterns for each.
    {
      triggers: ['pplx-', 'tgp_v1_', 'nvapi-', 'xai-', 'lsv2_', 'tvly-', 'fc-'],
      // The Mistral patterns run in a text that says `mistral`; the Together one needs the name
      // `together_?(?:api_?)?key`, so not the English word.
      caseInsensitiveTriggers: [
        'mistral',
        'together_key',
        'togetherkey',
        'together_api',
        'togetherapi',
      ],
      scan(text, emit) {
        const prefixes: [RegExp, string, string, number][] = [
          [
            /(?<![\w-])pplx-[A-Za-z0-9]{48}(?![\w-])/g,
            'Perplexity API key',
            'PERPLEXITY_API_KEY',
            5,
          ],
          [/(?<![\w-])tgp_v1_[\w-]{40,50}(?![\w-])/g, 'Together AI API key', 'TOGETHER_API_KEY', 7],
          [/(?<![\w-])nvapi-[\w-]{60,70}(?![\w-])/g, 'NVIDIA API key', 'NVIDIA_API_KEY', 6],
          [/(?<![\w-])xai-[A-Za-z0-9]{70,90}(?![\w-])/g, 'xAI API key', 'XAI_API_KEY', 4],
          [
            /(?<![\w-])lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}(?![\w-])/g,
            'LangSmith API key',
            'LANGSMITH_API_KEY',
            8,
          ],
          [
            /(?<![\w-])tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}(?![\w-])/g,
            'Tavily API key',
            'TAVILY_API_KEY',
            5,
          ],
          [/(?<![\w-])fc-[0-9a-f]{32}(?![\w-])/g, 'Firecrawl API key', 'FIRECRAWL_API_KEY', 3],
        ];
        for (const [pattern, label, envName, prefixLength] of prefixes) {
          emitGroup(
            pattern,
            text,
            (start, value) => {
              if (looksRandom(value.slice(prefixLength), 3.2))
                emit(start, value, { label, envName });
            },
            0,
          );
        }
        if (/mistral/i.test(text)) {
          const gate = (start: number, value: string): void => {
            if (/[A-Z]/.test(value) && /[a-z]/.test(value) && looksRandom(value, 3.5))
              emit(start, value, { label: 'Mistral API key', envName: 'MISTRAL_API_KEY' });
          };
          emitGroup(keyed(String.raw`mistral_?(?:api_?)?key`, '[A-Za-z0-9]{32}'), text, gate);
          emitGroup(
            /Mistral(?:Client|AsyncClient)?\(\s{0,8}api_key\s{0,4}=\s{0,4}[rRbBuU]?["']([A-Za-z0-9]{32})["']/g,
            text,
            gate,
          );
        }
        if (/together_?(?:api|key)/i.test(text)) {
          emitGroup(
            keyed(String.raw`together_?(?:api_?)?key`, '[0-9a-f]{64}'),
            text,
            (start, value) => {
              if (looksRandom(value, 3.0))
                emit(start, value, { label: 'Together AI API key', envName: 'TOGETHER_API_KEY' });
            },
          );
        }
      },
    },
  ],
});
