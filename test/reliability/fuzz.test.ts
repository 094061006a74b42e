/**
 * Fuzzed Bot Framework activities and card payloads, posted to /api/messages of the service in
 * sandbox mode: random types, missing and mistyped fields, huge strings, odd Unicode, invoke
 * names, card actions with random verbs and data, messages with attachments and values, and raw
 * bodies that are not activities at all. Every one is answered with a 2xx or a 4xx within the
 * timeout (or the Bot Framework's 501 for an invoke no handler takes), nothing rejects unhandled,
 * and the service still answers afterwards.
 *
 * ~2,000 activities by default, 20,000 with RELIABILITY_LONG=1 (FUZZ_RUNS sets any number);
 * FUZZ_SEED replays a run (the seed is printed); FUZZ_DEBUG=1 prints the service's error logs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { demoTenantPath } from '../../src/sandbox/index.js';
import { startService, type Service } from '../../src/service.js';
import { startBotConnector, type BotConnectorStandIn } from '../../src/standins/bot-connector.js';
import { recordFigure } from '../support/figures.js';
import { freshDataDir } from '../support/data-dir.js';

const LONG = process.env.RELIABILITY_LONG === '1';
const RUNS = Number(process.env.FUZZ_RUNS) || (LONG ? 20_000 : 2_000);
const SEED = Number(process.env.FUZZ_SEED) || Date.now() % 2_147_483_647;
const PARALLEL = 8;
const TIMEOUT_MS = 20_000;

const demo = JSON.parse(readFileSync(demoTenantPath(), 'utf8')) as { users: Array<{ id: string }> };
const USER_IDS = demo.users.slice(0, 12).map((u) => u.id);

/** A field that is usually well formed, sometimes missing, sometimes anything at all. */
function mostly<T>(good: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: fc.anything(), weight: 1 });
}

const hugeString = fc.tuple(fc.constantFrom('a', 'é', '😀', '\u200B', '\uD800', '<', '"', '\\', ' '), fc.integer({ min: 10_000, max: 300_000 })).map(([c, n]) => c.repeat(n));
const oddString = fc.oneof(
  { arbitrary: fc.string(), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '\u0000', '\u202Eevorppa', '𝔄𝔠𝔱𝔦𝔳𝔞𝔱𝔢', '<at>PIM Copilot</at>', '{{$root}}', '${jndi:x}', '../../etc/passwd', "'; DROP TABLE bot_state; --"), weight: 2 },
);
/** Things people type, so fuzzed turns also reach the planner, the request form and the status cards. */
const phrase = fc.constantFrom(
  'help',
  'status',
  'what can I activate?',
  'activate Exchange Administrator for 2 hours to fix mail flow CHG0048213',
  'activate Global Administrator for 8 hours',
  'cancel my request',
  'who is eligible for Global Administrator?',
  'extend my activation by 30 minutes',
  'approve',
);
// Huge strings only where people type, so a run of thousands stays within memory.
const text = fc.oneof({ arbitrary: phrase, weight: 4 }, { arbitrary: oddString, weight: 5 }, { arbitrary: hugeString, weight: 1 });
const id = fc.oneof(fc.constantFrom(...USER_IDS), fc.uuid(), oddString);
const account = fc.record({ id: mostly(id.map((x) => `29:${String(x)}`)), name: mostly(oddString), aadObjectId: mostly(id), role: mostly(fc.constantFrom('user', 'bot')) }, { requiredKeys: [] });
const VERBS = ['approve', 'deny', 'endActivation', 'submitActivation', 'refreshStatus', 'cancelActivation'];
const verb = fc.oneof(fc.constantFrom(...VERBS), oddString);
/** Card data: shaped like the bot's own cards, or anything (deep nesting comes as raw bodies below). */
const data = fc.oneof(
  fc.record({ requestId: mostly(oddString), approverId: mostly(id), comment: mostly(text), roleId: mostly(oddString), duration: mostly(oddString), justification: mostly(text) }, { requiredKeys: [] }),
  fc.anything({ maxDepth: 4 }),
);
const INVOKES = ['adaptiveCard/action', 'signin/verifyState', 'signin/tokenExchange', 'composeExtension/query', 'task/fetch', 'task/submit', 'fileConsent/invoke', 'actionableMessage/executeAction', 'config/fetch', 'message/submitAction', 'handoff/action', 'healthCheck'];
const invokeValue = fc.oneof(
  fc.record({ action: mostly(fc.record({ type: mostly(fc.constantFrom('Action.Execute', 'Action.Submit')), verb: mostly(verb), data: mostly(data) }, { requiredKeys: [] })), trigger: mostly(fc.constantFrom('manual', 'automatic')) }, { requiredKeys: [] }),
  fc.record({ state: mostly(oddString), id: mostly(oddString), token: mostly(oddString), connectionName: mostly(oddString) }, { requiredKeys: [] }),
  fc.anything(),
);
const attachment = fc.record({ contentType: mostly(fc.constantFrom('application/vnd.microsoft.card.adaptive', 'text/html', 'application/vnd.microsoft.teams.file.download.info', 'image/png')), content: mostly(fc.anything({ maxDepth: 3 })), name: mostly(oddString), contentUrl: mostly(oddString) }, { requiredKeys: [] });

function activityArb(serviceUrl: string, tenantId: string): fc.Arbitrary<unknown> {
  const type = fc.oneof(
    { arbitrary: fc.constantFrom('message', 'invoke'), weight: 6 },
    { arbitrary: fc.constantFrom('conversationUpdate', 'messageReaction', 'event', 'installationUpdate', 'typing', 'endOfConversation', 'messageUpdate', 'messageDelete', 'trace', 'handoff', 'command', 'commandResult', 'suggestion', 'contactRelationUpdate', 'deleteUserData'), weight: 3 },
    { arbitrary: oddString, weight: 1 },
  );
  const activity = fc.record(
    {
      type,
      id: mostly(oddString),
      name: mostly(fc.oneof(fc.constantFrom(...INVOKES), oddString)),
      text: mostly(text),
      textFormat: mostly(fc.constantFrom('plain', 'markdown', 'xml')),
      value: mostly(fc.oneof(invokeValue, fc.record({ verb: mostly(verb) }).chain((v) => data.map((d) => (d && typeof d === 'object' && !Array.isArray(d) ? { ...d, ...v } : v))))),
      attachments: mostly(fc.array(attachment, { maxLength: 3 })),
      entities: mostly(fc.array(fc.oneof(fc.record({ type: fc.constant('mention'), mentioned: account, text: mostly(oddString) }), fc.anything({ maxDepth: 2 })), { maxLength: 3 })),
      channelId: mostly(fc.oneof({ arbitrary: fc.constant('msteams'), weight: 5 }, { arbitrary: fc.constantFrom('emulator', 'webchat', 'directline', ''), weight: 1 })),
      // Replies go to the stand-in, never to a host the test does not own.
      serviceUrl: fc.oneof({ arbitrary: fc.constant(serviceUrl), weight: 8 }, { arbitrary: fc.constantFrom('', 'not a url', 'http://127.0.0.1:9/', 42, null), weight: 1 }),
      timestamp: mostly(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), oddString)),
      localTimestamp: mostly(oddString),
      locale: mostly(fc.constantFrom('en-US', 'fr-FR', 'ja-JP', 'ar-SA', 'xx')),
      from: mostly(account),
      recipient: mostly(fc.record({ id: mostly(fc.constantFrom('28:pim-copilot', '')), name: mostly(oddString) }, { requiredKeys: [] })),
      conversation: mostly(fc.record({ id: mostly(oddString.map((s) => `a:${String(s)}`)), conversationType: mostly(fc.constantFrom('personal', 'groupChat', 'channel')), tenantId: mostly(fc.constantFrom(tenantId, '0b7f5e3c-9d1a-4e6b-8c2f-5a4d3e2b1c0f')), isGroup: mostly(fc.boolean()) }, { requiredKeys: [] })),
      channelData: mostly(fc.oneof(fc.record({ tenant: mostly(fc.record({ id: mostly(fc.constantFrom(tenantId, '')) })), eventType: mostly(fc.constantFrom('teamMemberAdded', 'channelCreated', 'teamRenamed')), team: mostly(fc.anything({ maxDepth: 2 })) }, { requiredKeys: [] }), fc.anything({ maxDepth: 3 }))),
      replyToId: mostly(oddString),
      membersAdded: mostly(fc.array(account, { maxLength: 3 })),
      membersRemoved: mostly(fc.array(account, { maxLength: 3 })),
      reactionsAdded: mostly(fc.array(fc.record({ type: oddString }), { maxLength: 2 })),
      action: mostly(fc.constantFrom('add', 'remove')),
      relatesTo: mostly(fc.anything({ maxDepth: 2 })),
      expiration: mostly(oddString),
    },
    { requiredKeys: ['type'] },
  );
  // Now and then a body that is no activity at all.
  const raw = fc.oneof(
    fc.constantFrom('', 'null', '[]', '"message"', '42', '{"type": "message", ', '{"type": null}', '{"__proto__": {"type": "message"}}', '{"constructor": {"prototype": {"polluted": true}}, "type": "message"}'),
    fc.integer({ min: 1_000, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => `{"type":"invoke","name":"adaptiveCard/action","value":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
    // Card data nested deeper than JSON.stringify can follow, on a card action the bot handles.
    fc.tuple(fc.constantFrom(...VERBS), fc.integer({ min: 1_000, max: 20_000 })).map(
      ([v, n]) =>
        `{"type":"invoke","name":"adaptiveCard/action","channelId":"msteams","serviceUrl":${JSON.stringify(serviceUrl)},"from":{"id":"29:x","aadObjectId":"${USER_IDS[2]}"},` +
        `"conversation":{"id":"a:deep","tenantId":"${tenantId}"},"channelData":{"tenant":{"id":"${tenantId}"}},"replyToId":"r1",` +
        `"value":{"action":{"type":"Action.Execute","verb":"${v}","data":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}}`,
    ),
  );
  return fc.oneof({ arbitrary: activity, weight: 19 }, { arbitrary: raw.map((body) => ({ raw: body })), weight: 1 });
}

function isInvoke(item: unknown): boolean {
  if (item && typeof item === 'object' && 'raw' in item) return /^\{"type":"invoke"/.test(String((item as { raw: unknown }).raw));
  return (item as { type?: unknown }).type === 'invoke';
}

function bodyOf(item: unknown): string {
  if (item && typeof item === 'object' && 'raw' in item) return String((item as { raw: unknown }).raw);
  return JSON.stringify(item);
}

describe('fuzzed Bot Framework activities', { timeout: LONG ? 3_600_000 : 600_000 }, () => {
  let service: Service;
  let connector: BotConnectorStandIn;
  let dataDir: string;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);
  const onException = (err: unknown) => void rejections.push(err);

  before(async () => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    dataDir = await freshDataDir('pim-fuzz-');
    connector = await startBotConnector();
    service = await startService(
      loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOT_SERVICE_URL: connector.url, INTAKE_POLL_SECONDS: '3600', TICKET_STANDINS: 'false' }),
      pino({ level: process.env.FUZZ_DEBUG ? 'error' : 'silent' }),
    );
  });
  after(async () => {
    await service?.close();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });

  it(`answers every one of ${RUNS} with a 2xx or a 4xx (501 for an invoke nobody handles), and stays up`, async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run), ${RUNS} activities`);
    const tenantId = service.graph.identity.tenantId;
    const items = fc.sample(activityArb(connector.url, tenantId), { numRuns: RUNS, seed: SEED });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        const body = bodyOf(items[i]);
        let status: number;
        try {
          const res = await fetch(`${service.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
          await res.arrayBuffer();
          status = res.status;
        } catch (err) {
          status = 0;
          failures.push(`#${i}: no answer (${(err as Error).name}): ${body.slice(0, 300)}`);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // 501 is the Bot Framework's own answer to an invoke no handler takes: a refusal, not a crash.
        if (status >= 500 && !(status === 501 && isInvoke(items[i]))) failures.push(`#${i}: HTTP ${status}: ${body.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    // Work the turns started in the background (replies, jobs) gets a moment to fail loudly.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const health = await fetch(`${service.url}/healthz`);
    recordFigure({ suite: 'hostile', name: 'fuzzed activities sent', value: items.length });
    recordFigure({ suite: 'hostile', name: 'fuzzed activities crashed', value: failures.length + rejections.length });
    assert.equal(health.status, 200, 'the service still answers /healthz');
    if (failures.length) console.log(failures.join('\n'));
    assert.deepEqual(failures.slice(0, 10), [], `seed ${SEED}: ${failures.length} activities got a 5xx or no answer; statuses ${JSON.stringify([...statuses])}`);
    assert.deepEqual(rejections.map((r) => String((r as Error)?.stack ?? r).slice(0, 500)), [], `seed ${SEED}: unhandled rejections`);
    for (const status of statuses.keys()) assert.ok((status >= 200 && status < 500) || status === 501, `status ${status}`);
  });

  it('still holds a normal conversation afterwards', async () => {
    const res = await fetch(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'after-fuzz',
        text: 'help',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: '29:after', name: 'After Fuzz', aadObjectId: USER_IDS[2] },
        recipient: { id: '28:pim-copilot', name: 'PIM Copilot' },
        conversation: { id: 'a:after-fuzz', conversationType: 'personal', tenantId: service.graph.identity.tenantId },
        channelData: { tenant: { id: service.graph.identity.tenantId } },
      }),
    });
    assert.ok(res.status < 300, `status ${res.status}`);
    await connector.waitFor((c) => c.activity?.replyToId === 'after-fuzz');
    assert.equal((await fetch(`${service.url}/readyz`)).status, 200);
  });
});
