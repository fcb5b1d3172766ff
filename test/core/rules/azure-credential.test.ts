import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('azure-credential')!,
  providerTable({
    secret: fake.azureAccountKey(),
    envName: 'AZURE_STORAGE_CONNECTION_STRING',
    code: 'conn = $',
    literal: `"DefaultEndpointsProtocol=https;AccountName=stdata;AccountKey=${fake.azureAccountKey()};EndpointSuffix=core.windows.net"`,
    text: 'AccountKey=$;',
    valid: [
      'conn = "DefaultEndpointsProtocol=https;AccountName=stdata;AccountKey=<key>;EndpointSuffix=core.windows.net"',
      'client = AzureOpenAI(api_key=os.getenv("AZURE_OPENAI_API_KEY"), azure_endpoint=endpoint)',
    ],
    extraInvalid: [
      {
        input: `url = "https://stdata.blob.core.windows.net/data/train.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=${fake.azureSasSig()}"`,
        errors: [{ text: fake.azureSasSig() }],
      },
      {
        input: `client = AzureOpenAI(api_key="${fake.hex(32, 'az')}", azure_endpoint="https://my-res.openai.azure.com/")`,
        errors: [{ text: fake.hex(32, 'az') }],
      },
    ],
  }),
);
