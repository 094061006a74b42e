/**
 * Builders for triage tests: a routine requester with a clean history, which each test then
 * bends one way to exercise one signal.
 */
import { learnBaseline } from '../../src/triage/baseline.js';
import { countRoleHolders } from '../../src/triage/role-holders.js';
import type { ActivationRecord, Baseline, TriageContext } from '../../src/triage/types.js';

export const NOW = new Date('2026-03-18T10:20:00Z'); // a Wednesday, mid-morning in London
export const EXCHANGE = '29232cdf-9323-42fd-ade2-1d097af3e4de';
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
export const PRIV_AUTH_ADMIN = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';
export const USER = 'u-requester';

/** Weekly routine: `count` approved 2-hour activations at 10:00 UTC on weekdays, most recent first. */
export function routineHistory(count = 10, roleId = EXCHANGE, principalId = USER, department = 'Messaging'): ActivationRecord[] {
  const out: ActivationRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const day = new Date(NOW.getTime() - (i + 1) * 7 * 86_400_000);
    day.setUTCHours(10, 0, 0, 0);
    out.push({
      requestId: `${principalId}-${roleId}-${i}`,
      principalId,
      roleDefinitionId: roleId,
      createdDateTime: day.toISOString(),
      durationMinutes: 120,
      status: 'approved',
      justification: `Transport rule change CHG00${48000 + i}`,
      ticketNumber: `CHG00${48000 + i}`,
      department,
      timeZone: 'GMT Standard Time',
      reviewerId: 'u-approver',
      reviewerName: 'Ada Approver',
      reviewNote: 'Approved',
    });
  }
  return out;
}

export function peersHistory(roleId = EXCHANGE, department = 'Messaging'): ActivationRecord[] {
  return ['u-peer1', 'u-peer2'].flatMap((p) => routineHistory(6, roleId, p, department));
}

export interface Built {
  ctx: TriageContext;
  baseline: Baseline;
}

/** A routine, well-justified Exchange activation; `tweak` changes the context before the baseline is learned. */
export function build(tweak: (ctx: TriageContext) => void = () => {}): Built {
  const ctx: TriageContext = {
    request: {
      id: 'req-1',
      principalId: USER,
      roleDefinitionId: EXCHANGE,
      justification: 'Apply transport rule change CHG0048213 approved at CAB',
      ticketNumber: 'CHG0048213',
      ticketSystem: 'ServiceNow',
      createdDateTime: new Date(NOW.getTime() - 120_000).toISOString(),
      duration: 'PT2H',
    },
    requester: {
      id: USER,
      displayName: 'Nina Requester',
      userPrincipalName: 'nina@example.test',
      department: 'Messaging',
      jobTitle: 'Messaging Engineer',
      createdDateTime: '2023-01-10T09:00:00Z',
      timeZone: 'GMT Standard Time',
      managerId: 'u-manager',
    },
    role: { id: EXCHANGE, displayName: 'Exchange Administrator', templateId: EXCHANGE },
    policy: { maximumDuration: 'PT8H', justificationRequired: true, ticketRequired: false, mfaRequired: true, approvalRequired: true },
    eligibility: { createdDateTime: '2025-01-01T00:00:00Z' },
    history: [...routineHistory(), ...peersHistory()],
    signIns: [
      { createdDateTime: '2026-03-10T09:00:00Z', countryOrRegion: 'GB', city: 'London', riskLevel: 'none' },
      { createdDateTime: '2026-03-12T09:00:00Z', countryOrRegion: 'GB', city: 'London', riskLevel: 'none' },
      { createdDateTime: '2026-03-18T08:00:00Z', countryOrRegion: 'GB', city: 'London', riskLevel: 'none' },
    ],
    approvers: [
      { id: 'u-approver', userPrincipalName: 'ada@example.test', displayName: 'Ada Approver', via: 'Service Owners', availability: 'Available' },
      { id: 'u-away', userPrincipalName: 'bob@example.test', displayName: 'Bob Away', via: 'Service Owners', availability: 'Available', outOfOffice: true },
      { id: USER, userPrincipalName: 'nina@example.test', displayName: 'Nina Requester', via: 'Service Owners', availability: 'Available' },
    ],
    roleHolders: countRoleHolders(
      [
        { principalId: USER, department: 'Messaging' },
        { principalId: 'u-peer1', department: 'Messaging' },
        { principalId: 'u-peer2', department: 'Messaging' },
      ],
      USER,
    ),
  };
  tweak(ctx);
  return { ctx, baseline: learnBaseline(ctx.history, NOW) };
}
