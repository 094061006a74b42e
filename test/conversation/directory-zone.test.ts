/** The requester's time zone as the bot reads it: a passing Graph failure is not kept as "UTC". */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { TenantDirectory } from '../../src/bot/directory.js';
import type { GraphWiring } from '../../src/graph-wiring.js';
import { NotFoundError, UnavailableError } from '../../src/pim/index.js';

function directoryWith(answers: Array<() => unknown>) {
  let calls = 0;
  const pim = {
    getMailboxSettings: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      return answer();
    },
  };
  return { directory: new TenantDirectory({ pim } as unknown as GraphWiring, pino({ level: 'silent' })), calls: () => calls };
}

describe('TenantDirectory.timeZone', () => {
  it('uses UTC for one turn when Graph is unavailable, and asks again the next time', async () => {
    const d = directoryWith([
      () => {
        throw new UnavailableError({ status: 503 });
      },
      () => ({ timeZone: 'Pacific Standard Time' }),
    ]);
    assert.equal(await d.directory.timeZone('u1'), 'UTC');
    assert.equal(await d.directory.timeZone('u1'), 'America/Los_Angeles');
    assert.equal(await d.directory.timeZone('u1'), 'America/Los_Angeles');
    assert.equal(d.calls(), 2, 'the zone read is kept once it is known');
  });

  it('keeps UTC for someone with no mailbox (404), without asking again', async () => {
    const d = directoryWith([
      () => {
        throw new NotFoundError({ status: 404, code: 'MailboxNotEnabledForRESTAPI' });
      },
    ]);
    assert.equal(await d.directory.timeZone('u2'), 'UTC');
    assert.equal(await d.directory.timeZone('u2'), 'UTC');
    assert.equal(d.calls(), 1);
  });
});
