/** Entries for the audit tests: one small activation story, and a clock that moves on demand. */
import type { EntryInput } from '../../src/audit/index.js';

export const ALICE = { type: 'user', id: 'u-alice', name: 'Alice Ng' } as const;
export const BOB = { type: 'user', id: 'u-bob', name: 'Bob Stone' } as const;
export const BOT = { type: 'service', id: 'pim-copilot' } as const;

/** A clock that returns `now` and advances by `stepMs` on every read. */
export function steppingClock(startIso: string, stepMs = 1000): { clock: () => Date; set(iso: string): void } {
  let t = Date.parse(startIso);
  return {
    clock: () => {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
    set: (iso: string) => {
      t = Date.parse(iso);
    },
  };
}

export function decision(i: number, extra: Partial<{ note: string }> = {}): Extract<EntryInput, { kind: 'decision.human' }> {
  return {
    kind: 'decision.human',
    traceId: `trace-${i}`,
    requestId: `req-${i}`,
    actor: BOB,
    output: { decision: i % 3 === 0 ? 'deny' : 'approve', via: 'teams', ...extra },
  };
}

/** A realistic mix: event, analysis, card, decision. */
export function storyOf(i: number): EntryInput[] {
  const requestId = `req-${i}`;
  const traceId = `trace-${i}`;
  return [
    {
      kind: 'pim.event',
      traceId,
      requestId,
      actor: ALICE,
      output: { event: 'requested', source: 'poll', principalId: ALICE.id, roleDefinitionId: 'role-ua', roleName: 'User Administrator', justification: `ticket work ${i}`, ticketNumber: `INC-${i}` },
    },
    {
      kind: 'card.sent',
      traceId,
      requestId,
      actor: BOT,
      output: { card: 'approval', recipientId: BOB.id, activityId: `act-${i}` },
    },
    decision(i),
  ];
}

/**
 * One activation told in full, as the colleagues' code will record it: the request, the AI's
 * analysis, cards to two approvers, a refused forged action, the decision, activation, activity.
 */
export async function recordActivation(
  trail: { append(e: EntryInput): Promise<unknown> },
  set: (iso: string) => void,
  requestId = 'req-ga-1',
): Promise<void> {
  const traceId = `trace-${requestId}`;
  const steps: [string, EntryInput][] = [
    ['2026-04-06T21:40:00.000Z', { kind: 'pim.event', traceId, requestId, actor: ALICE, output: { event: 'requested', source: 'poll', principalId: ALICE.id, principalName: 'Alice Ng', principalUpn: 'alice@contoso.example', roleDefinitionId: 'role-ga', roleName: 'Global Administrator', justification: 'Restore MFA for the finance team after the outage', ticketNumber: 'INC-4821', ticketSystem: 'ServiceNow', duration: 'PT2H', createdDateTime: '2026-04-06T21:39:30.000Z' } }],
    ['2026-04-06T21:40:02.000Z', { kind: 'triage.analysis', traceId, requestId, actor: BOT, modelVersion: 'pim-copilot-triage 1.0.0+abc', inputs: { request: requestId, signIns: 3 }, output: { requestId, riskScore: 7, riskBand: 'high', recommendedAction: 'deny', autoApprovable: false, rationale: 'Tier-0 role, first activation, at night.', factors: [{ id: 'tier0', points: 3, detail: 'Global Administrator is a tier-0 role' }, { id: 'first', points: 3, detail: 'first activation of this role by Alice' }, { id: 'night', points: 1, detail: 'requested at 23:40 local time' }, { id: 'ticket', points: -1, detail: 'ticket INC-4821 given' }], role: { id: 'role-ga', displayName: 'Global Administrator', tier: 0 }, ticketFacts: { number: 'INC-4821', system: 'ServiceNow', kind: 'incident', status: 'found', checkedAt: '2026-04-06T21:40:01Z', shortDescription: 'MFA prompts fail for the finance team', state: 'In Progress', open: true } } as never } as EntryInput],
    ['2026-04-06T21:40:03.000Z', { kind: 'card.sent', traceId, requestId, actor: BOT, output: { card: 'approval', recipientId: BOB.id, recipientName: 'Bob Stone', activityId: 'a-1', riskScore: 7, recommendedAction: 'deny' } }],
    ['2026-04-06T21:40:03.500Z', { kind: 'card.sent', traceId, requestId, actor: BOT, output: { card: 'approval', recipientId: 'u-carol', recipientName: 'Carol Diaz', activityId: 'a-2', riskScore: 7, recommendedAction: 'deny' } }],
    ['2026-04-06T21:45:00.000Z', { kind: 'refusal', traceId, actor: ALICE, output: { reason: 'self-approval', detail: 'the requester cannot approve their own request', verb: 'approve' } }],
    ['2026-04-06T21:52:00.000Z', { kind: 'card.action', traceId, requestId, actor: BOB, output: { verb: 'approve', activityId: 'a-1' } }],
    ['2026-04-06T21:52:00.500Z', { kind: 'decision.human', traceId, requestId, actor: BOB, output: { decision: 'approve', via: 'teams', note: 'Confirmed with the incident lead on the bridge' } }],
    ['2026-04-06T21:53:00.000Z', { kind: 'pim.event', traceId, requestId, actor: { type: 'system', id: 'entra-pim' }, output: { event: 'activated', source: 'status', principalId: ALICE.id, roleDefinitionId: 'role-ga', startDateTime: '2026-04-06T21:53:00.000Z', endDateTime: '2026-04-06T23:53:00.000Z' } }],
    ['2026-04-06T22:10:00.000Z', { kind: 'session.activity', traceId, requestId, actor: ALICE, output: { activity: 'Reset user password', activityDateTime: '2026-04-06T22:05:00.000Z', target: 'dan@contoso.example', result: 'success' } }],
    ['2026-04-06T22:20:00.000Z', { kind: 'session.activity', traceId, requestId, actor: ALICE, output: { activity: 'Update conditional access policy', activityDateTime: '2026-04-06T22:18:00.000Z', target: 'Require MFA for finance', result: 'success' } }],
    ['2026-04-06T22:40:00.000Z', { kind: 'pim.event', traceId, requestId, actor: ALICE, output: { event: 'deactivated', source: 'bot', principalId: ALICE.id, roleDefinitionId: 'role-ga', endDateTime: '2026-04-06T22:40:00.000Z' } }],
  ];
  for (const [at, entry] of steps) {
    set(at);
    await trail.append(entry);
  }
}
