/**
 * A local stand-in for the chat-completions API of OpenAI and Azure OpenAI: the same routes,
 * authentication headers and wire format, with answers a test scripts (content, latency, HTTP
 * errors, raw bodies) and every call recorded. Shared by tests, benchmarks and local runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChatCall {
  path: string;
  /** `openai` for /v1/chat/completions, `azure` for /openai/deployments/{d}/chat/completions. */
  flavour: 'openai' | 'azure';
  deployment?: string;
  apiVersion?: string;
  headers: { authorization?: string; apiKey?: string };
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    response_format?: unknown;
    temperature?: number;
    max_tokens?: number;
    [key: string]: unknown;
  };
}

export interface ScriptedAnswer {
  /** The assistant message's content (JSON text for structured answers). */
  content?: string;
  /** Wait this long before answering. */
  latencyMs?: number;
  /** An HTTP error status, answered with the service's error body. */
  status?: number;
  /** Sent as the body verbatim instead of a completion. */
  raw?: string;
  finishReason?: string;
  model?: string;
}

export type ChatScript = (call: RecordedChatCall) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface ChatCompletionsStandInOptions {
  port?: number;
  /** When set, calls must carry it (Bearer, or `api-key` on Azure routes). */
  apiKey?: string;
  /** What to answer when nothing is queued; an empty reading by default. */
  script?: ChatScript;
  /**
   * Which calls take queued answers (default: all). When a planner and the triage reading share
   * one endpoint, a test can keep the planner's scripted turns away from background triage.
   */
  queueFor?: (call: RecordedChatCall) => boolean;
}

export interface ChatCompletionsStandIn {
  /** Root URL: OpenAI clients use `${url}/v1`, Azure clients use `url` as the endpoint. */
  url: string;
  calls: RecordedChatCall[];
  /** Answers to give, in order, before falling back to the script. */
  enqueue(...answers: ScriptedAnswer[]): void;
  setScript(script: ChatScript): void;
  close(): Promise<void>;
}

const NO_CONCERNS = JSON.stringify({ concerns: [] });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export async function startChatCompletions(options: ChatCompletionsStandInOptions = {}): Promise<ChatCompletionsStandIn> {
  const calls: RecordedChatCall[] = [];
  const queue: ScriptedAnswer[] = [];
  let script: ChatScript = options.script ?? (() => ({ content: NO_CONCERNS }));

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown, raw?: string) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(raw ?? JSON.stringify(payload));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const openai = url.pathname === '/v1/chat/completions';
    if (req.method !== 'POST' || (!azure && !openai)) return send(404, { error: { code: '404', message: 'Resource not found' } });
    if (azure && !url.searchParams.get('api-version')) return send(404, { error: { code: '404', message: 'Resource not found' } });

    const headers = { authorization: req.headers.authorization, apiKey: req.headers['api-key'] as string | undefined };
    if (options.apiKey) {
      const given = azure ? headers.apiKey : headers.authorization?.replace(/^Bearer /i, '');
      if (given !== options.apiKey) {
        return azure
          ? send(401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } })
          : send(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      }
    }
    let body: RecordedChatCall['body'];
    try {
      body = JSON.parse(await readBody(req)) as RecordedChatCall['body'];
    } catch {
      return send(400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } });
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return send(400, { error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' } });
    }
    const call: RecordedChatCall = {
      path: url.pathname,
      flavour: azure ? 'azure' : 'openai',
      deployment: azure ? decodeURIComponent(azure[1] ?? '') : undefined,
      apiVersion: url.searchParams.get('api-version') ?? undefined,
      headers,
      body,
    };
    calls.push(call);
    const queued = !options.queueFor || options.queueFor(call) ? queue.shift() : undefined;
    const answer = queued ?? (await script(call));
    if (answer.latencyMs) await new Promise((r) => setTimeout(r, answer.latencyMs));
    if (answer.status && answer.status >= 400) {
      const message = answer.status === 429 ? 'Rate limit reached for requests' : 'The server had an error while processing your request.';
      return send(answer.status, { error: { message, type: answer.status === 429 ? 'requests' : 'server_error', param: null, code: null } }, answer.raw);
    }
    if (answer.raw !== undefined) return send(200, undefined, answer.raw);
    const content = answer.content ?? NO_CONCERNS;
    const prompt = body.messages.map((m) => m.content ?? '').join('\n');
    send(200, {
      id: `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: answer.model ?? body.model ?? call.deployment ?? 'stand-in',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: answer.finishReason ?? 'stop' }],
      usage: { prompt_tokens: tokens(prompt), completion_tokens: tokens(content), total_tokens: tokens(prompt) + tokens(content) },
    });
  });
  // A client that gave up mid-answer must not take the server down with it.
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    enqueue: (...answers) => void queue.push(...answers),
    setScript: (s) => void (script = s),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
