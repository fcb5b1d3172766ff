/**
 * The provider rules, one per credential family. Formats and their sources are cited beside the
 * detectors (`detectors.ts`) and the secretlint mapping (`secretlint.ts`).
 */
import type { Rule } from '../../engine/rule.js';
import { providerRule } from './provider-rule.js';

export const providerRules: readonly Rule[] = [
  providerRule({
    id: 'ai-service-api-key',
    description:
      'An AI service API key (Mistral, Together, Perplexity, NVIDIA, xAI, LangSmith, Tavily, Firecrawl) is stored in the notebook.',
  }),
  providerRule({
    id: 'anthropic-api-key',
    description: 'An Anthropic API key (`sk-ant-…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'aws-access-key',
    description:
      'An AWS access key id, secret access key or session token is stored in the notebook.',
  }),
  providerRule({
    id: 'azure-credential',
    description:
      'An Azure storage account key, SAS signature or Azure OpenAI / AI services key is stored in the notebook.',
  }),
  providerRule({
    id: 'cloudflare-api-token',
    description: 'A Cloudflare API token or key is stored in the notebook.',
  }),
  providerRule({
    id: 'cohere-api-key',
    description: 'A Cohere API key is stored in the notebook.',
  }),
  providerRule({
    id: 'databricks-token',
    description: 'A Databricks personal access token (`dapi…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'docker-hub-token',
    description: 'A Docker Hub personal access token (`dckr_pat_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'figma-token',
    description: 'A Figma personal access token (`figd_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'github-token',
    description:
      'A GitHub token (`ghp_…`, `github_pat_…`) with a valid checksum is stored in the notebook.',
  }),
  providerRule({
    id: 'gitlab-token',
    description: 'A GitLab personal access token (`glpat-…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'google-api-key',
    description:
      'A Google API key (`AIza…`, also Gemini) or OAuth client secret (`GOCSPX-…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'grafana-token',
    description: 'A Grafana Cloud or service account token is stored in the notebook.',
  }),
  providerRule({
    id: 'groq-api-key',
    description: 'A Groq API key (`gsk_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'huggingface-token',
    description: 'A Hugging Face access token (`hf_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'json-web-token',
    description: 'A signed JSON Web Token (a bearer credential) is stored in the notebook.',
  }),
  providerRule({
    id: 'kaggle-api-key',
    description: 'A Kaggle API key (`KAGGLE_KEY`, kaggle.json) is stored in the notebook.',
  }),
  providerRule({
    id: 'linear-api-key',
    description: 'A Linear API key (`lin_api_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'notion-token',
    description: 'A Notion integration token (`ntn_…`) is stored in the notebook.',
  }),
  providerRule({ id: 'npm-token', description: 'An npm access token is stored in the notebook.' }),
  providerRule({
    id: 'onepassword-service-account-token',
    description: 'A 1Password service account token (`ops_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'openai-api-key',
    description: 'An OpenAI API key (`sk-…`, `sk-proj-…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'password-in-url',
    description:
      'A URL with a password in it (database, broker, cache, HTTP basic auth) is stored in the notebook.',
    cwe: ['CWE-798', 'CWE-259'],
  }),
  providerRule({
    id: 'pinecone-api-key',
    description:
      'A Pinecone API key (`pcsk_…`, or a legacy UUID key where Pinecone expects one) is stored in the notebook.',
  }),
  providerRule({
    id: 'replicate-api-token',
    description: 'A Replicate API token (`r8_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'sendgrid-api-key',
    description: 'A SendGrid API key (`SG.…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'shopify-token',
    description: 'A Shopify access token is stored in the notebook.',
  }),
  providerRule({
    id: 'slack-token',
    description: 'A Slack token (`xoxb-…`) or incoming webhook URL is stored in the notebook.',
  }),
  providerRule({
    id: 'stripe-api-key',
    description:
      'A Stripe secret or restricted key (`sk_live_…`, `rk_test_…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'tailscale-key',
    description: 'A Tailscale key (`tskey-…`) is stored in the notebook.',
  }),
  providerRule({
    id: 'twilio-credential',
    description: 'A Twilio auth token or API key is stored in the notebook.',
  }),
  providerRule({
    id: 'vault-token',
    description: 'A HashiCorp Vault token (`hvs.…`) is stored in the notebook.',
  }),
  providerRule({ id: 'vercel-token', description: 'A Vercel token is stored in the notebook.' }),
  providerRule({
    id: 'wandb-api-key',
    description: 'A Weights & Biases API key is stored in the notebook.',
  }),
];
