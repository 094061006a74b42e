import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approvalCard, requesterStatusCard, templateOf } from '../../src/cards/index.js';
import { HIGH, LOW, REQUESTER, STATES } from './samples.js';
import { cardProblems } from './validate.js';

type Json = Record<string, unknown>;
const actions = (card: Json) => (card.actions as Json[] | undefined) ?? [];
const inputs = (card: Json): Json[] => JSON.stringify(card).includes('"Input.Text"') ? findAll(card, (n) => n.type === 'Input.Text') : [];
function findAll(node: unknown, test: (n: Json) => boolean, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, test, out));
  else if (node && typeof node === 'object') {
    if (test(node as Json)) out.push(node as Json);
    Object.values(node).forEach((v) => findAll(v, test, out));
  }
  return out;
}

describe('card templates', () => {
  it('are schema 1.5 and parse without warnings as templates', () => {
    for (const name of ['approval', 'requester-status']) {
      const t = templateOf(name) as Json;
      assert.equal(t.version, '1.5', name);
    }
  });

  for (const s of STATES) {
    it(`approval card "${s.name}" parses with the Adaptive Cards SDK with no warnings`, () => {
      const card = approvalCard(s.view, s.options);
      assert.deepEqual(cardProblems(card), []);
      assert.equal(card.version, '1.5');
      const pending = !s.options.outcome && !s.options.deciding;
      assert.equal(actions(card).length, pending ? 2 : 0, 'Approve and Deny only while pending');
      assert.equal(inputs(card).length, pending ? 1 : 0, 'the comment box only while pending');
    });
  }

  for (const r of REQUESTER) {
    it(`requester card "${r.name}" parses with no warnings`, () => {
      assert.deepEqual(cardProblems(requesterStatusCard(r.view, r.outcome)), []);
    });
  }

  it('Approve and Deny are Action.Execute with an Action.Submit fallback that carries the verb', () => {
    const card = approvalCard(LOW, { approverId: 'approver-1' });
    const [approve, deny] = actions(card);
    assert.equal(approve?.type, 'Action.Execute');
    assert.equal(approve?.verb, 'approve');
    assert.equal(deny?.verb, 'deny');
    assert.deepEqual(approve?.data, { requestId: LOW.requestId, approverId: 'approver-1' });
    assert.deepEqual((approve?.fallback as Json).data, { verb: 'approve', requestId: LOW.requestId, approverId: 'approver-1' });
    assert.equal((approve?.fallback as Json).type, 'Action.Submit');
  });

  it('the comment is required exactly when the policy wants an approver reason', () => {
    assert.equal(inputs(approvalCard(LOW))[0]?.isRequired, true);
    assert.equal(inputs(approvalCard({ ...LOW, commentRequired: false }))[0]?.isRequired, false);
  });

  it('shows the risk band in its colour, the factors, the rationale and similar decisions', () => {
    const text = JSON.stringify(approvalCard(HIGH));
    assert.match(text, /"9\/10"/);
    assert.match(text, /"HIGH risk"/);
    assert.match(text, /"color":"Attention"/);
    assert.match(text, /Global Administrator controls the whole tenant/);
    assert.match(text, /Similar past decisions/);
    assert.match(text, /tier 0/);
    const low = JSON.stringify(approvalCard(LOW));
    assert.match(low, /"color":"Good"/);
    assert.match(low, /IT Operations · Messaging Engineer/);
  });

  it('shows typed text as typed: no template expressions, links or markup from a justification', () => {
    const card = approvalCard({ ...LOW, justification: '${requestId} [click](https://evil.example) **urgent**' });
    const text = JSON.stringify(card);
    assert.ok(text.includes('${requestId}'), 'the data is not evaluated as a template');
    assert.ok(!text.includes('[click]('), 'no Markdown link survives');
    assert.ok(text.includes('\\\\*\\\\*urgent'), 'emphasis is escaped');
  });

  it('each outcome names who decided and why', () => {
    const denied = JSON.stringify(approvalCard(HIGH, STATES.find((s) => s.name === 'approval-denied')!.options));
    assert.match(denied, /Denied by Megan Bowen/);
    assert.match(denied, /Reason: “No business reason/);
    const window = JSON.stringify(approvalCard(LOW, { outcome: { state: 'window-over', at: '2026-11-19T10:18:00Z' } }));
    assert.match(window, /approval window is over/);
    const elsewhere = JSON.stringify(approvalCard(LOW, { outcome: { state: 'elsewhere', verdict: 'deny', byName: 'Emily Braun', at: '2026-11-19T10:18:00Z' } }));
    assert.match(elsewhere, /Denied elsewhere by Emily Braun/);
  });
});
