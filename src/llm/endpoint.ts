/**
 * Where the chat-completions call goes and how it authenticates, from the settings: Azure OpenAI
 * names a deployment in the path and takes an `api-key` header; OpenAI and compatible servers take
 * `{base}/v1/chat/completions` and a bearer key (local servers often need none).
 */
import type { Config } from '../config.js';

export interface ChatEndpoint {
  url: string;
  headers: Record<string, string>;
  /** Sent as the body's `model`; Azure takes the deployment from the path instead. */
  model?: string;
  label: string;
}

const OPENAI_BASE = 'https://api.openai.com';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The endpoint for the configured provider, or undefined when no model is configured. */
export function chatEndpoint(llm: Config['llm']): ChatEndpoint | undefined {
  if (llm.provider === 'none') return undefined;
  if (llm.provider === 'azure-openai') {
    return {
      url: `${trimSlash(llm.endpoint)}/openai/deployments/${encodeURIComponent(llm.deployment)}/chat/completions?api-version=${encodeURIComponent(llm.apiVersion)}`,
      headers: llm.apiKey ? { 'api-key': llm.apiKey } : {},
      label: `azure-openai/${llm.deployment}`,
    };
  }
  const base = trimSlash(llm.baseUrl ?? OPENAI_BASE);
  // People paste either the server root or its /v1 path; both mean the same API.
  const url = /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
  return { url, headers: llm.apiKey ? { authorization: `Bearer ${llm.apiKey}` } : {}, model: llm.model, label: `${llm.provider}/${llm.model}` };
}
