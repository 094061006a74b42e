/**
 * Generates a tenant snapshot (shared/eval format) from a seed: same options, same bytes. Scales
 * to tens of thousands of people and millions of records by planning history per person and
 * streaming each collection to the file in its own pass.
 */
import { isoSeconds } from '../clock.js';
import { allocate, everyActivation } from './history.js';
import { buildOrg, type Person } from './people.js';
import { policyFor } from './policies.js';
import { Rng } from './prng.js';
import { approvalRecord, auditRecords, requestRecord, signInRecord } from './records.js';
import { ROLES, roleByName, roleDefinition } from './roles.js';
import { SnapshotWriter } from './writer.js';

export interface GenerateOptions {
  users: number;
  days: number;
  /** Total activation requests; about one a week per eligible person when absent. */
  requests?: number;
  seed: string;
  /** History ends here (exclusive); the start of the current UTC day when absent. */
  end?: Date;
  domain?: string;
  organization?: string;
  out: string;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface GenerateSummary {
  tenantId: string;
  users: number;
  requests: number;
  approvals: number;
  audits: number;
  signIns: number;
  bytes: number;
}

const DAY = 86400_000;
const LANGUAGES: Record<string, string> = {
  'en-GB': 'English (United Kingdom)',
  'nl-NL': 'Dutch (Netherlands)',
  'de-DE': 'German (Germany)',
  'en-US': 'English (United States)',
  'en-IN': 'English (India)',
  'en-SG': 'English (Singapore)',
  'en-AU': 'English (Australia)',
};

export function startOfUtcDay(date = new Date()): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function userRecord(p: Person, rng: Rng, endMs: number): Record<string, unknown> {
  const tz = p.office.timeZone;
  const away = rng.chance(0.02);
  const awayFrom = endMs + rng.int(-3, 5) * DAY;
  const replies = away
    ? {
        status: 'scheduled',
        externalAudience: 'all',
        scheduledStartDateTime: { dateTime: isoSeconds(awayFrom).replace('Z', '.0000000'), timeZone: 'UTC' },
        scheduledEndDateTime: { dateTime: isoSeconds(awayFrom + rng.int(3, 14) * DAY).replace('Z', '.0000000'), timeZone: 'UTC' },
        internalReplyMessage: `<html><body>I am out of the office with limited access to email.</body></html>`,
        externalReplyMessage: `<html><body>I am out of the office with limited access to email.</body></html>`,
      }
    : { status: 'disabled', externalAudience: 'none', internalReplyMessage: '', externalReplyMessage: '' };
  return {
    id: p.id,
    displayName: p.displayName,
    givenName: p.givenName,
    surname: p.surname,
    userPrincipalName: p.upn,
    mail: p.mail,
    jobTitle: p.jobTitle,
    department: p.department?.name ?? null,
    officeLocation: p.office.city,
    usageLocation: p.office.usageLocation,
    preferredLanguage: p.office.locale,
    businessPhones: [],
    mobilePhone: null,
    accountEnabled: true,
    userType: 'Member',
    createdDateTime: isoSeconds(p.createdMs),
    mailboxSettings: {
      timeZone: tz,
      language: { locale: p.office.locale, displayName: LANGUAGES[p.office.locale] ?? p.office.locale },
      dateFormat: p.office.locale === 'en-US' ? 'M/d/yyyy' : 'dd/MM/yyyy',
      timeFormat: p.office.locale === 'en-US' ? 'h:mm tt' : 'HH:mm',
      workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: tz } },
      automaticRepliesSetting: replies,
    },
  };
}

export async function generateTenant(options: GenerateOptions): Promise<GenerateSummary> {
  const { seed, days } = options;
  if (!Number.isInteger(options.users) || options.users < 1) throw new Error('users must be a positive whole number');
  if (!(days > 0)) throw new Error('days must be positive');
  const endMs = startOfUtcDay(options.end ?? new Date()).getTime();
  const startMs = endMs - days * DAY;
  const domain = options.domain ?? 'fabrikam.example';
  const tenantId = new Rng(seed, 'tenant').guid();
  const org = buildOrg(seed, options.users, domain, endMs);
  const counts = allocate(org, startMs, endMs, options.requests, seed);
  const progress = options.onProgress ?? (() => undefined);
  const plannedTotal = [...counts.values()].reduce((a, b) => a + b, 0);
  const w = new SnapshotWriter(options.out);
  const summary: GenerateSummary = { tenantId, users: org.people.length, requests: 0, approvals: 0, audits: 0, signIns: 0, bytes: 0 };
  const section = async <T>(key: string, items: Iterable<T>, render: (item: T) => unknown[] | unknown, total: number): Promise<number> => {
    await w.begin(key);
    let n = 0;
    let done = 0;
    for (const item of items) {
      const out = render(item);
      for (const record of Array.isArray(out) ? out : out === null || out === undefined ? [] : [out]) {
        const flushing = w.item(record);
        if (flushing) await flushing;
        n++;
      }
      if (++done % 5000 === 0) progress(key, done, total);
    }
    await w.end();
    progress(key, done, total);
    return n;
  };
  try {
    const orgRng = new Rng(seed, 'organization');
    const orgName = options.organization ?? `${domain.split('.')[0]!.replace(/^./, (c) => c.toUpperCase())} Ltd`;
    await section('organization', [0], () => ({
      id: tenantId,
      displayName: orgName,
      tenantType: 'AAD',
      countryLetterCode: 'GB',
      createdDateTime: isoSeconds(endMs - orgRng.int(2000, 3000) * DAY),
      verifiedDomains: [{ name: domain, isDefault: true, isInitial: false, type: 'Managed', capabilities: 'Email, OfficeCommunicationsOnline' }],
    }), 1);
    const userRng = new Rng(seed, 'users');
    await section('users', org.people, (p) => {
      const record = userRecord(p, userRng, endMs);
      if (p.manager !== null) record.manager = { id: org.people[p.manager]!.id };
      return record;
    }, org.people.length);
    const groupCreated = isoSeconds(endMs - 900 * DAY);
    await section('groups', org.groups, (g) => ({
      id: g.id,
      displayName: g.displayName,
      description: g.description,
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: g.displayName.replace(/[^A-Za-z0-9]/g, ''),
      groupTypes: [],
      isAssignableToRole: g.displayName.startsWith('PIM Approvers') || g === org.breakGlass,
      createdDateTime: groupCreated,
      members: g.members.map((i) => ({ '@odata.type': '#microsoft.graph.user', id: org.people[i]!.id })),
    }), org.groups.length);
    await section('roleManagement/directory/roleDefinitions', ROLES, roleDefinition, ROLES.length);
    const eligibilityRng = new Rng(seed, 'eligibility');
    await section('roleManagement/directory/roleEligibilitySchedules', org.people, (p) =>
      p.eligible.map((role) => {
        const from = isoSeconds(p.createdMs + DAY + eligibilityRng.int(0, 86399) * 1000);
        const bounded = eligibilityRng.chance(0.1);
        return {
          id: eligibilityRng.guid(),
          principalId: p.id,
          roleDefinitionId: role.id,
          directoryScopeId: '/',
          appScopeId: null,
          memberType: 'Direct',
          status: 'Provisioned',
          createdUsing: null,
          createdDateTime: from,
          modifiedDateTime: from,
          scheduleInfo: {
            startDateTime: from,
            recurrence: null,
            expiration: bounded ? { type: 'afterDateTime', endDateTime: isoSeconds(endMs + eligibilityRng.int(30, 365) * DAY), duration: null } : { type: 'noExpiration', endDateTime: null, duration: null },
          },
        };
      }), org.people.length);
    const ga = roleByName('Global Administrator');
    await section('roleManagement/directory/roleAssignmentSchedules', org.breakGlass.members.map((i) => org.people[i]!), (p) => {
      const created = isoSeconds(p.createdMs + DAY);
      return {
        id: new Rng(seed, 'standing', p.index).guid(),
        principalId: p.id,
        roleDefinitionId: ga.id,
        directoryScopeId: '/',
        appScopeId: null,
        memberType: 'Direct',
        assignmentType: 'Assigned',
        status: 'Provisioned',
        createdUsing: null,
        createdDateTime: created,
        modifiedDateTime: created,
        scheduleInfo: { startDateTime: created, recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
      };
    }, org.breakGlass.members.length);
    const policyRng = new Rng(seed, 'policies');
    const modified = isoSeconds(endMs - 300 * DAY);
    const policies = ROLES.map((role) => policyFor(policyRng, tenantId, role, org.approvers, modified));
    await section('policies/roleManagementPolicies', policies, (p) => p.policy, policies.length);
    await section('policies/roleManagementPolicyAssignments', policies, (p) => p.assignment, policies.length);

    const activations = () => everyActivation(seed, org, counts, startMs, endMs);
    summary.requests = await section('roleManagement/directory/roleAssignmentScheduleRequests', activations(), requestRecord, plannedTotal);
    summary.approvals = await section('roleManagement/directory/roleAssignmentApprovals', activations(), approvalRecord, plannedTotal);
    summary.audits = await section('auditLogs/directoryAudits', activations(), (a) => auditRecords(a, org, tenantId), plannedTotal);
    summary.signIns = await section('auditLogs/signIns', activations(), (a) => signInRecord(a), plannedTotal);

    const riskRng = new Rng(seed, 'risk');
    await section('identityProtection/riskyUsers', org.people.filter((p) => p.rank === 'staff' && riskRng.chance(0.002)), (p) => ({
      id: p.id,
      isDeleted: false,
      isProcessing: false,
      riskLastUpdatedDateTime: isoSeconds(endMs - riskRng.int(1, 20) * DAY),
      riskLevel: riskRng.pick(['low', 'low', 'medium']),
      riskState: 'atRisk',
      riskDetail: 'none',
      userDisplayName: p.displayName,
      userPrincipalName: p.upn,
    }), 0);
    const presenceRng = new Rng(seed, 'presence');
    await section('communications/presences', org.people, (p) => {
      const availability = presenceRng.weighted([['Available', 6], ['Busy', 2], ['Away', 1], ['Offline', 2], ['DoNotDisturb', 0.5]] as const);
      const activity = availability === 'Busy' ? 'InAMeeting' : availability === 'DoNotDisturb' ? 'Presenting' : availability === 'Offline' ? 'OffWork' : availability;
      return { id: p.id, availability, activity, statusMessage: null, outOfOfficeSettings: { isOutOfOffice: false, message: null } };
    }, org.people.length);
    await w.close();
  } catch (err) {
    await w.abort();
    throw err;
  }
  summary.bytes = w.bytes;
  return summary;
}
