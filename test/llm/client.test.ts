import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { ChatCompletionsError, createChatClient } from '../../src/llm/client.js';
import { chatEndpoint } from '../../src/llm/endpoint.js';
import { startChatCompletions, type ChatCompletionsStandIn } from '../../src/standins/chat-completions.js';

describe('chat-completions client against the stand-in', () => {
  let standIn: ChatCompletionsStandIn;
  before(async () => (standIn = await startChatCompletions({ apiKey: 'k-123' })));
  after(async () => standIn.close());

  const messages = [{ role: 'user' as const, content: 'hello' }];

  it('speaks the OpenAI form: {base}/v1/chat/completions with a bearer key and the model in the body', async () => {
    const endpoint = chatEndpoint(loadConfig({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'k-123', OPENAI_BASE_URL: standIn.url, OPENAI_MODEL: 'gpt-test' }).llm);
    assert.ok(endpoint);
    standIn.enqueue({ content: '{"ok":true}' });
    const answer = await createChatClient(endpoint).complete({ messages, temperature: 0, responseFormat: { type: 'json_object' } });
    assert.equal(answer.content, '{"ok":true}');
    assert.equal(answer.model, 'gpt-test');
    const call = standIn.calls.at(-1);
    assert.equal(call?.flavour, 'openai');
    assert.equal(call?.headers.authorization, 'Bearer k-123');
    assert.equal(call?.body.model, 'gpt-test');
    assert.deepEqual(call?.body.response_format, { type: 'json_object' });
  });

  it('accepts a base URL that already ends in /v1 (local servers)', async () => {
    const endpoint = chatEndpoint(loadConfig({ LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: `${standIn.url}/v1/`, OPENAI_API_KEY: 'k-123' }).llm);
    assert.equal(endpoint?.url, `${standIn.url}/v1/chat/completions`);
  });

  it('speaks the Azure form: deployment in the path, api-version in the query, api-key header', async () => {
    const endpoint = chatEndpoint(
      loadConfig({ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_ENDPOINT: `${standIn.url}/`, AZURE_OPENAI_API_KEY: 'k-123', AZURE_OPENAI_DEPLOYMENT: 'triage-4o' }).llm,
    );
    assert.ok(endpoint);
    await createChatClient(endpoint).complete({ messages });
    const call = standIn.calls.at(-1);
    assert.equal(call?.flavour, 'azure');
    assert.equal(call?.deployment, 'triage-4o');
    assert.equal(call?.apiVersion, '2024-10-21');
    assert.equal(call?.headers.apiKey, 'k-123');
    assert.equal(call?.headers.authorization, undefined);
    assert.equal(call?.body.model, undefined);
  });

  it('turns every failure into a typed error', async () => {
    const endpoint = chatEndpoint(loadConfig({ LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: standIn.url, OPENAI_API_KEY: 'k-123' }).llm);
    assert.ok(endpoint);
    const client = createChatClient(endpoint, { timeoutMs: 200 });
    const kind = async (): Promise<string> => client.complete({ messages }).then(() => 'ok', (e: ChatCompletionsError) => e.kind);
    standIn.enqueue({ status: 500 });
    assert.equal(await kind(), 'http');
    standIn.enqueue({ latencyMs: 1_000 });
    assert.equal(await kind(), 'timeout');
    standIn.enqueue({ raw: 'not json' });
    assert.equal(await kind(), 'malformed');
    standIn.enqueue({ raw: JSON.stringify({ object: 'chat.completion', choices: [] }) });
    assert.equal(await kind(), 'malformed');
    standIn.enqueue({ content: '{"concerns": [', finishReason: 'length' });
    assert.equal(await kind(), 'malformed');
    const wrongKey = createChatClient({ ...endpoint, headers: { authorization: 'Bearer nope' } });
    await assert.rejects(wrongKey.complete({ messages }), (e: ChatCompletionsError) => e.kind === 'http' && e.status === 401);
    const nowhere = createChatClient({ ...endpoint, url: 'http://127.0.0.1:9/v1/chat/completions' });
    await assert.rejects(nowhere.complete({ messages }), (e: ChatCompletionsError) => e.kind === 'network');
  });

  it('answers in the real wire format', async () => {
    const res = await fetch(`${standIn.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k-123', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.object, 'chat.completion');
    assert.match(String(body.id), /^chatcmpl-/);
    assert.deepEqual(Object.keys((body.choices as unknown[])[0] as object).sort(), ['finish_reason', 'index', 'logprobs', 'message']);
    assert.ok((body.usage as { total_tokens: number }).total_tokens > 0);
  });
});
