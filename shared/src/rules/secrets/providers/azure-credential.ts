/** An Azure storage account key, SAS signature or Azure OpenAI / AI services key is stored in the notebook. */
import { HEX32, decodeURIComponentSafe, emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'azure-credential',
  description:
    'An Azure storage account key, SAS signature or Azure OpenAI / AI services key is stored in the notebook.',
  label: 'Azure storage account key',
  envName: 'AZURE_STORAGE_CONNECTION_STRING',
  rotateUrl: 'https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage',
  detectors: [
    // Azure. Storage connection strings carry `AccountKey=` + 88 base64 characters; Service Bus and
    // Event Hubs `SharedAccessKey=` + 44. Source: Microsoft Learn, "Configure Azure Storage
    // connection strings" and "Service Bus access control with Shared Access Signatures". SAS URLs
    // carry the signature in `sig=` (Microsoft Learn, "Create a service SAS"). Azure OpenAI / AI
    // services keys are 32 hex characters (older) or 84 characters (2024+), recognisable only in
    // context (Microsoft Learn, "Azure OpenAI … authentication").
    {
      triggers: [
        'AccountKey',
        'SharedAccessKey',
        'sig=',
        'SIG=',
        'azure',
        'Azure',
        'AZURE',
        'Ocp-Apim',
      ],
      scan(text, emit) {
        emitGroup(/AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/g, text, emit);
        emitGroup(/SharedAccessKey=([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/g, text, (start, value) =>
          emit(start, value, { label: 'Azure shared access key' }),
        );
        emitGroup(
          /[?&;]sig=([A-Z0-9%+/]{40,120}(?:%3D|=){0,2})(?![A-Z0-9%+/=])/gi,
          text,
          (start, value) => {
            // A SAS token always has a service version and an expiry or permissions next to it.
            const around = text.slice(Math.max(0, start - 400), start + value.length + 200);
            if (!/[?&;]sv=\d{4}-\d{2}-\d{2}/.test(around) || !/[?&;](?:se|sp|st|spr)=/.test(around))
              return;
            if (!looksRandom(decodeURIComponentSafe(value), 3.8)) return;
            emit(start, value, {
              label: 'Azure SAS signature',
              envName: 'AZURE_STORAGE_SAS_TOKEN',
            });
          },
        );
        if (!/azure/i.test(text) && !text.includes('Ocp-Apim')) return;
        const openai = (start: number, value: string): void => {
          if (looksRandom(value, 3.0))
            emit(start, value, {
              label: 'Azure OpenAI / AI services key',
              envName: 'AZURE_OPENAI_API_KEY',
            });
        };
        const value = `${HEX32}|[A-Za-z0-9]{84}`;
        emitGroup(
          keyed(
            String.raw`azure_?(?:openai|ai|cognitive|search|speech|language|vision|translator|document_?intelligence|form_?recognizer|oai)?_?(?:services_?)?(?:api_?)?key|Ocp-Apim-Subscription-Key|subscription_?key`,
            value,
          ),
          text,
          openai,
        );
        // `AzureOpenAI(api_key="…")`, `AzureChatOpenAI(openai_api_key="…")` in a cell that speaks Azure.
        emitGroup(keyed(String.raw`(?:openai_?)?api_?key`, value), text, openai);
      },
    },
  ],
});
