/**
 * A small client for OpenAI-compatible chat completions (OpenAI, Azure OpenAI, local servers):
 * one POST with a timeout, the answer's text back, every failure as a typed ChatCompletionsError.
 */
import type { ChatEndpoint } from './endpoint.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type ResponseFormat = { type: 'json_object' } | { type: 'json_schema'; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };

export interface ChatRequest {
  messages: ChatMessage[];
  responseFormat?: ResponseFormat;
  temperature?: number;
  maxTokens?: number;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ChatResponse {
  content: string;
  /** The model that answered, as the service names it. */
  model: string;
  finishReason?: string;
  usage?: { promptTokens?: number; completionTokens?: number };
}

export type ChatErrorKind = 'timeout' | 'network' | 'http' | 'malformed' | 'refused';

export class ChatCompletionsError extends Error {
  constructor(
    readonly kind: ChatErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ChatCompletionsError';
  }
}

export interface ChatClient {
  /** What to call the model in factors and model versions. */
  readonly label: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
}

export interface ChatClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

interface WireAnswer {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  error?: { message?: string };
}

export function createChatClient(endpoint: ChatEndpoint, options: ChatClientOptions = {}): ChatClient {
  const doFetch = options.fetch ?? fetch;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    label: endpoint.label,
    async complete(request) {
      const timeoutMs = request.timeoutMs ?? defaultTimeout;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
      const body = {
        ...(endpoint.model ? { model: endpoint.model } : {}),
        messages: request.messages,
        ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      };
      let res: Response;
      let text: string;
      try {
        res = await doFetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json', ...endpoint.headers }, body: JSON.stringify(body), signal });
        text = await res.text();
      } catch (err) {
        if (timeout.aborted) throw new ChatCompletionsError('timeout', `no answer within ${timeoutMs} ms`);
        throw new ChatCompletionsError('network', `cannot reach the model endpoint: ${(err as Error).message}`);
      }
      let answer: WireAnswer;
      try {
        answer = JSON.parse(text) as WireAnswer;
      } catch {
        throw new ChatCompletionsError(res.ok ? 'malformed' : 'http', `HTTP ${res.status}: the body is not JSON`, res.status);
      }
      if (!res.ok) throw new ChatCompletionsError('http', `HTTP ${res.status}: ${answer.error?.message ?? 'error'}`, res.status);
      const choice = answer.choices?.[0];
      if (choice?.message?.refusal) throw new ChatCompletionsError('refused', `the model refused: ${choice.message.refusal}`);
      if (typeof choice?.message?.content !== 'string') throw new ChatCompletionsError('malformed', 'the answer has no choices[0].message.content');
      if (choice.finish_reason === 'length') throw new ChatCompletionsError('malformed', 'the answer was cut off at the token limit');
      return {
        content: choice.message.content,
        model: answer.model ?? endpoint.label,
        finishReason: choice.finish_reason,
        usage: answer.usage ? { promptTokens: answer.usage.prompt_tokens, completionTokens: answer.usage.completion_tokens } : undefined,
      };
    },
  };
}
