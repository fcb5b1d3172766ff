/** A Pinecone API key (`pcsk_…`, or a legacy UUID key where Pinecone expects one) is stored in the notebook. */
import { UUID, emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'pinecone-api-key',
  description:
    'A Pinecone API key (`pcsk_…`, or a legacy UUID key where Pinecone expects one) is stored in the notebook.',
  label: 'Pinecone API key',
  envName: 'PINECONE_API_KEY',
  rotateUrl: 'https://docs.pinecone.io/guides/projects/manage-api-keys',
  detectors: [
    // Pinecone: `pcsk_<id>_<secret>` (2024+, Pinecone docs "Authentication"; GitHub secret scanning
    // pinecone_api_key). Legacy keys were UUIDs, recognisable only where a Pinecone key goes.
    {
      triggers: ['pcsk_', 'pinecone'],
      caseInsensitive: true,
      scan(text, emit) {
        emitGroup(
          /(?<![\w-])pcsk_[A-Za-z0-9]{4,12}_[A-Za-z0-9]{40,100}(?![\w-])/g,
          text,
          (start, value) => {
            if (looksRandom(value.slice(5), 3.8)) emit(start, value);
          },
          0,
        );
        if (!/pinecone/i.test(text)) return;
        const uuid = (start: number, value: string): void => {
          if (looksRandom(value.replace(/-/g, ''), 3.0) && !/^0{8}-/.test(value))
            emit(start, value);
        };
        emitGroup(keyed(String.raw`pinecone_?(?:api_?)?key`, UUID), text, uuid);
        // `Pinecone(api_key="…")`, `pinecone.init(api_key="…")`: a UUID api_key in a Pinecone cell.
        emitGroup(keyed('api_?key', UUID), text, uuid);
      },
    },
  ],
});
