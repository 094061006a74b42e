import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivationDraft } from '../../src/bot/dialogue.js';
import { cleanInput, MAX_INPUT_CHARS } from '../../src/bot/input.js';
import { readAnswer } from '../../src/bot/planners/answers.js';
import { unmatchedRoleName } from '../../src/bot/planners/role-words.js';
import { parseUtterance, type PlannerRole } from '../../src/planner/index.js';

const roles: PlannerRole[] = [
  { id: 'r-exchange', displayName: 'Exchange Administrator' },
  { id: 'r-teams', displayName: 'Teams Administrator' },
];
const now = new Date('2026-11-26T09:00:00Z');
const ctx = { now, timeZone: 'Europe/London' };

function answer(text: string, awaiting: ActivationDraft['awaiting'], extra: Partial<ActivationDraft> = {}) {
  const draft: ActivationDraft = { roleId: 'r-exchange', roleName: 'Exchange Administrator', awaiting, updatedAt: now.toISOString(), ...extra };
  return readAnswer(text, draft, parseUtterance(text, { roles, now }), ctx);
}

describe('cleaning what people type', () => {
  it('folds look-alike letters and drops invisible and control characters', () => {
    assert.equal(cleanInput('𝔄𝔠𝔱𝔦𝔳𝔞𝔱𝔢  ｔｅａｍｓ\u200B admin\u0007').text, 'Activate teams admin');
    assert.equal(cleanInput('\u202Eevil\u202C text').text, 'evil text');
  });
  it('repairs broken surrogates and cuts long messages between characters', () => {
    assert.equal(cleanInput('a\uD800b\uDC00c').text, 'a\uFFFDb\uFFFDc');
    const emoji = cleanInput('🦄'.repeat(800));
    assert.equal(emoji.truncated, true);
    assert.ok(emoji.text.length <= MAX_INPUT_CHARS);
    assert.doesNotMatch(emoji.text, /[\uD800-\uDBFF]$/);
    assert.equal(emoji.originalLength, 1600);
  });
  it('treats what is not text as empty', () => {
    assert.equal(cleanInput(undefined).text, '');
    assert.equal(cleanInput({ text: 'x' }).text, '');
  });
});

describe('answers to the bot’s questions', () => {
  it('reads a duration, a bare number of hours, and an unreadable one for the action to question', () => {
    assert.deepEqual(answer('90 minutes', 'duration'), [{ type: 'DO', action: 'activateRole', parameters: { duration: 'PT90M' } }]);
    assert.deepEqual(answer('3', 'duration'), [{ type: 'DO', action: 'activateRole', parameters: { duration: '3' } }]);
    assert.deepEqual(answer('as long as it takes', 'duration'), [{ type: 'DO', action: 'activateRole', parameters: { duration: 'as long as it takes' } }]);
  });
  it('splits a ticket out of a justification', () => {
    assert.deepEqual(answer('fix the transport rule for fabrikam.com, CHG0048213', 'justification'), [
      { type: 'DO', action: 'activateRole', parameters: { justification: 'fix the transport rule for fabrikam.com', ticket: 'CHG0048213' } },
    ]);
  });
  it('takes a free-text reason as a reason, even when it mentions a status', () => {
    const [cmd] = answer('check the status of mail flow for fabrikam', 'justification') as Array<{ parameters: { justification?: string } }>;
    assert.equal(cmd?.parameters.justification, 'check the status of mail flow for fabrikam');
  });
  it('lets a side question through while waiting', () => {
    assert.equal(answer('what can I activate?', 'duration'), undefined);
    assert.equal(answer('what is the status of my request?', 'justification'), undefined);
  });
  it('confirms or replaces a vague justification', () => {
    assert.deepEqual(answer('submit anyway', 'confirm-justification'), [{ type: 'DO', action: 'activateRole', parameters: { confirmed: true } }]);
    assert.deepEqual(answer('Move the CFO mailbox to the new retention policy', 'confirm-justification'), [
      { type: 'DO', action: 'activateRole', parameters: { justification: 'Move the CFO mailbox to the new retention policy' } },
    ]);
  });
  it('explains that a ticket is required when the person has none', () => {
    const [cmd] = answer('none', 'ticket') as Array<{ type: string; response?: { content: string } }>;
    assert.equal(cmd?.type, 'SAY');
    assert.match(String(cmd?.response?.content), /can’t be activated without a ticket number/);
  });
  it('gives up on request', () => {
    assert.equal(answer('never mind', 'role'), 'give-up');
    assert.equal(answer('forget it', 'ticket'), 'give-up');
  });
  it('reads a role answer, with whatever else came with it', () => {
    assert.deepEqual(answer('teams admin for 2 hours', 'role'), [{ type: 'DO', action: 'activateRole', parameters: { roleId: 'r-teams', duration: 'PT2H' } }]);
    assert.deepEqual(answer('the wizard one', 'role'), [{ type: 'DO', action: 'activateRole', parameters: { role: 'the wizard one' } }]);
  });
});

describe('a role name the tenant does not know', () => {
  it('is picked out of the request', () => {
    assert.equal(unmatchedRoleName('activate the Quantum Wizard Administrator role for 1 hour'), 'Quantum Wizard Administrator');
    assert.equal(unmatchedRoleName('I need Foo Reader access'), 'Foo Reader');
  });
  it('is not made up from ordinary words', () => {
    assert.equal(unmatchedRoleName('I need a role'), undefined);
    assert.equal(unmatchedRoleName('activate something for 2 hours'), undefined);
    assert.equal(unmatchedRoleName('I need to fix the mail flow'), undefined);
  });
});
