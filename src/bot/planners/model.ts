/**
 * The chat model behind the LLM planner, from the settings: OpenAI, Azure OpenAI (key, or the
 * host's managed identity when no key is set), or any OpenAI-compatible endpoint.
 */
import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';
import { OpenAIModel } from '@microsoft/teams-ai';
import type { Config } from '../../config.js';

/** OpenAI's client wants a key; local compatible servers usually take any. */
const NO_KEY = 'not-needed';

export function chatModel(llm: Exclude<Config['llm'], { provider: 'none' }>): OpenAIModel {
  const common = { useSystemMessages: true, maxRetries: 2, logRequests: false };
  if (llm.provider === 'azure-openai') {
    return new OpenAIModel({
      ...common,
      azureEndpoint: llm.endpoint,
      azureDefaultDeployment: llm.deployment,
      azureApiVersion: llm.apiVersion,
      ...(llm.apiKey
        ? { azureApiKey: llm.apiKey }
        : { azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), 'https://cognitiveservices.azure.com/.default') }),
    });
  }
  // People give the server root or its /v1; the client wants /v1.
  const base = llm.baseUrl?.replace(/\/+$/, '');
  const endpoint = base ? (/\/v1$/.test(base) ? base : `${base}/v1`) : undefined;
  return new OpenAIModel({ ...common, apiKey: llm.apiKey ?? NO_KEY, defaultModel: llm.model, ...(endpoint ? { endpoint } : {}) });
}
