/**
 * A second tenant unlike the shared one: Northwind, on Pacific time with one admin in India,
 * other roles, wording and counts; three months of ordinary work that goes on through the scanned
 * month, five planted sessions, and look-alikes that must stay quiet.
 */
import { TenantBuilder, type RoleKey } from './tenant-builder.js';

export const NORTHWIND_SINCE = '2026-05-01T00:00:00Z';
export const NORTHWIND_NOW = '2026-05-31T00:00:00Z';

export interface Planted {
  userKey: string;
  kinds: string[];
  why: string;
}

interface Routine {
  key: string;
  role: RoleKey;
  activities: string[];
  justification: string;
  every?: number;
  startHour?: [number, number];
  weekends?: boolean;
}

const ROUTINES: Routine[] = [
  { key: 'walt', role: 'userAdmin', activities: ['Add user', 'Update user', 'Delete user', 'Add member to group'], justification: 'Joiner and leaver tickets' },
  { key: 'xena', role: 'userAdmin', activities: ['Add user', 'Update user', 'Add member to group'], justification: 'Onboarding batch', every: 2 },
  { key: 'tara', role: 'helpdesk', activities: ['Reset password (by admin)', 'Update user', 'Invalidate all refresh tokens for user'], justification: 'Desk shift: account unlocks' },
  { key: 'vic', role: 'helpdesk', activities: ['Reset password (by admin)', 'Update user'], justification: 'Desk shift: password queue' },
  { key: 'uma', role: 'helpdesk', activities: ['Reset password (by admin)', 'Update user'], justification: 'Overnight desk', startHour: [1, 4], weekends: true },
  { key: 'rosa', role: 'exchange', activities: ['Update group', 'Add member to group'], justification: 'Distribution list and shared mailbox requests' },
  { key: 'quinn', role: 'groups', activities: ['Add group', 'Update group', 'Add member to group', 'Remove member from group'], justification: 'Group membership requests' },
  { key: 'sam', role: 'hybrid', activities: ['Set domain authentication', 'Update company settings'], justification: 'Entra Connect sync errors', every: 6 },
  { key: 'yuri', role: 'security', activities: ['Update conditional access policy', 'Update named location', 'Dismiss user risk'], justification: 'Incident follow-up: risky users' },
  { key: 'zoe', role: 'intune', activities: ['Update device', 'Delete device'], justification: 'Retire lost and stale laptops' },
  { key: 'ada', role: 'globalAdmin', activities: ['Update authorization policy', 'Update company settings'], justification: 'Tenant-wide setting change per CAB', every: 9 },
  { key: 'ada', role: 'privRole', activities: ['Add eligible member to role in PIM completed (permanent)', 'Update role setting in PIM'], justification: 'PIM role assignment review', every: 5 },
];

export function northwind(): { tenant: TenantBuilder; planted: Planted[]; breakGlassGroup: string } {
  const t = new TenantBuilder('northwind.example', 'Pacific Standard Time');
  const names: Record<string, [string, RoleKey[], string?]> = {
    walt: ['Walter Brandt', ['userAdmin']],
    xena: ['Xena Lowe', ['userAdmin']],
    tara: ['Tara Iyer', ['helpdesk'], 'India Standard Time'],
    vic: ['Victor Ahn', ['helpdesk']],
    uma: ['Uma Reyes', ['helpdesk']],
    rosa: ['Rosa Delgado', ['exchange']],
    quinn: ['Quinn Harper', ['groups']],
    sam: ['Sam Oduya', ['hybrid']],
    yuri: ['Yuri Tanaka', ['security']],
    zoe: ['Zoe Laurent', ['intune']],
    ada: ['Ada Brooks', ['globalAdmin', 'privRole']],
    pat: ['Pat Kelly', []],
    vault1: ['Vault Access 01', []],
    vault2: ['Vault Access 02', []],
  };
  for (const [key, [name, eligible, zone]] of Object.entries(names)) t.user(key, { name, eligible, zone });
  t.standing('vault1', 'globalAdmin');
  t.standing('vault2', 'globalAdmin');
  const breakGlassGroup = 'Break Glass Accounts';
  t.group(breakGlassGroup, ['vault1', 'vault2']);

  // Ordinary work: 90 days of it, through the scanned month.
  const skip = ['2026-05-12', '2026-05-13', '2026-05-19', '2026-05-20', '2026-05-26', '2026-05-27'];
  ROUTINES.forEach((r, i) =>
    t.routine(r.key, r.role, { until: NORTHWIND_NOW.slice(0, 10), days: 90, every: r.every ?? 1, activities: r.activities, justification: r.justification, startHour: r.startHour, weekends: r.weekends, seed: 100 + i, skip }),
  );
  for (let d = 0; d < 90; d += 9) t.signIn('vault2', Date.parse(NORTHWIND_NOW) - (d + 1) * 86_400_000 + 7 * 3600_000, { app: 'Azure Portal' });

  // Look-alikes that must stay quiet.
  const cleanup = t.activate('walt', 'userAdmin', '2026-05-12T10:00', 'Leaver clean-up per HR list');
  for (const m of [5, 25, 50]) t.act('walt', cleanup.start + m * 60_000, 'Delete user', `Leaver ${m}`);
  const evening = t.activate('vic', 'helpdesk', '2026-05-13T19:40', 'Desk shift: password queue');
  t.act('vic', Date.parse('2026-05-14T03:00:00Z'), 'Reset password (by admin)', 'Pat Kelly');
  if (Date.parse('2026-05-14T03:00:00Z') > evening.end) throw new Error('look-alike outside its window');
  t.act('pat', t.at('pat', '2026-05-14T09:00'), 'User registered security info', 'Pat Kelly');

  // Planted sessions.
  const purge = t.activate('quinn', 'groups', '2026-05-19T13:30', 'Quarterly access clean-up');
  for (let i = 0; i < 18; i++) t.act('quinn', purge.start + 20 * 60_000 + i * 23_000, 'Remove member from group', `Finance member ${i}`);

  t.signIn('vault1', t.at('vault1', '2026-05-21T23:12'), { app: 'Microsoft Azure PowerShell' });
  t.act('vault1', t.at('vault1', '2026-05-21T23:20'), 'Update conditional access policy', 'Block legacy authentication');

  const mail = t.activate('rosa', 'exchange', '2026-05-20T10:15', 'Transport rule update for partner mail flow');
  t.act('rosa', mail.start + 18 * 60_000, 'Add member to role', 'Pat Kelly');
  t.act('rosa', mail.start + 21 * 60_000, 'Add member to role', 'Rosa Delgado');

  t.act('sam', t.at('sam', '2026-05-26T14:05'), 'Set domain authentication', 'northwind.example');

  const night = t.activate('tara', 'helpdesk', '2026-05-27T01:35', 'Desk shift: account unlocks');
  for (const m of [4, 11, 19]) t.act('tara', night.start + m * 60_000, 'Reset password (by admin)', `Colleague ${m}`);

  const planted: Planted[] = [
    { userKey: 'quinn', kinds: ['destructive-burst'], why: '18 group removals in 7 minutes' },
    { userKey: 'vault1', kinds: ['break-glass'], why: 'emergency account changed a CA policy' },
    { userKey: 'rosa', kinds: ['justification-mismatch', 'unusual-activity'], why: 'role assignments under a transport-rule reason' },
    { userKey: 'sam', kinds: ['outside-activation'], why: 'federation change with no active role' },
    { userKey: 'tara', kinds: ['off-hours'], why: 'resets at 01:40 in India (daytime in Pacific)' },
  ];
  return { tenant: t, planted, breakGlassGroup };
}
