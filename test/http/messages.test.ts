import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { startService, type Service } from '../../src/service.js';
import { startBotConnector, type BotConnectorStandIn } from '../../src/standins/bot-connector.js';
import { userByUpn } from '../conversation/support/harness.js';
import { freshDataDir } from '../support/data-dir.js';

const silent = pino({ level: 'silent' });

function messageActivity(serviceUrl: string, text: string, id = 'm1') {
  return {
    type: 'message',
    id,
    text,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:user-1', name: 'Nina Wilke', aadObjectId: 'b6a3c0f2-1111-4c3e-9a51-0c1d2e3f4a5b' },
    recipient: { id: '28:pim-copilot', name: 'PIM Copilot' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

async function post(url: string, body: string | object, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('bot endpoint in local mode', () => {
  let service: Service;
  let connector: BotConnectorStandIn;
  let dataDir: string;

  before(async () => {
    dataDir = await freshDataDir('pim-copilot-');
    connector = await startBotConnector();
    service = await startService(loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), silent);
  });
  after(async () => {
    await service?.close();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is healthy and ready', async () => {
    assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
    const ready = await fetch(`${service.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: unknown }).checks, { database: true, migrations: true, jobs: true });
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`${service.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /# TYPE pim_copilot_graph_throttled_total counter/);
    assert.match(text, /pim_copilot_http_request_seconds_count\{route="\/healthz",status="200"\}/);
  });

  it('answers a message with the help text through the Bot Connector', async () => {
    const res = await post(service.url, messageActivity(connector.url, 'hello'));
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    const call = await connector.waitFor((c) => c.activity?.type === 'message');
    assert.equal(call.conversationId, 'a:conversation-1');
    assert.match(String(call.activity?.text), /PIM Copilot/);
    assert.match(String(call.activity?.text), /What can I activate/);
    assert.equal(call.activity?.replyToId, 'm1');
  });

  it('remembers where the user talks to it, for cards and notices sent later', async () => {
    const refs = await service.db.query("SELECT * FROM conversation_refs WHERE aad_object_id = 'b6a3c0f2-1111-4c3e-9a51-0c1d2e3f4a5b'");
    assert.equal(refs.rows.length, 1);
  });

  it('answers a malformed body with 400 and stays up', async () => {
    const bad = await post(service.url, '{"type": "message", ');
    assert.equal(bad.status, 400);
    const notActivity = await post(service.url, { text: 'no type' });
    assert.equal(notActivity.status, 400);
    const array = await post(service.url, '[1,2,3]');
    assert.equal(array.status, 400);
    assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
    const res = await post(service.url, messageActivity(connector.url, 'help', 'm2'));
    assert.ok(res.status < 300);
    await connector.waitFor((c) => c.activity?.replyToId === 'm2');
  });
});

describe('state survives a restart', () => {
  it('a request half built before a restart is finished after it', async () => {
    const dataDir = await freshDataDir('pim-copilot-');
    const connector = await startBotConnector();
    const person = userByUpn('anielsen@contoso-demo.example');
    const as = (text: string, id: string) => {
      const a = messageActivity(connector.url, text, id);
      return { ...a, from: { id: '29:anielsen', name: person.displayName, aadObjectId: person.id } };
    };
    try {
      const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TICKET_STANDINS: 'false' });
      const first = await startService(config, silent);
      try {
        await post(first.url, as('activate exchange admin', 'r1'));
        const asked = await connector.waitFor((c) => c.activity?.replyToId === 'r1' && typeof c.activity.text === 'string');
        assert.match(String(asked.activity?.text), /For how long do you need \*\*Exchange Administrator\*\*/);
      } finally {
        await first.close();
      }
      const second = await startService(config, silent);
      try {
        await post(second.url, as('2 hours', 'r2'));
        const next = await connector.waitFor((c) => c.activity?.replyToId === 'r2' && typeof c.activity.text === 'string');
        assert.match(String(next.activity?.text), /Why do you need \*\*Exchange Administrator\*\*\?/, 'the second process continued the first one\'s dialogue');
      } finally {
        await second.close();
      }
    } finally {
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('bot endpoint with Bot Framework authentication', () => {
  let service: Service;
  let dataDir: string;
  before(async () => {
    dataDir = await freshDataDir('pim-copilot-');
    service = await startService(
      loadConfig({
        PORT: '0',
        SANDBOX_PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa',
        MicrosoftAppPassword: 'not-a-real-secret',
      }),
      silent,
    );
  });
  after(async () => {
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses an activity without a token', async () => {
    const res = await post(service.url, messageActivity('http://127.0.0.1:9', 'hello'));
    assert.equal(res.status, 401);
  });

  it('refuses an activity with a forged token', async () => {
    const forged = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwYWEifQ.c2lnbmF0dXJl';
    const res = await post(service.url, messageActivity('http://127.0.0.1:9', 'hello'), { authorization: `Bearer ${forged}` });
    assert.equal(res.status, 401);
  });
});
