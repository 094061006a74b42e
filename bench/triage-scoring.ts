/**
 * Triage scoring at tenant scale: a tenant of `users` people and `historyRequests` decided requests
 * over 90 days, grown in process from the shapes of the shared contoso tenant (its departments,
 * roles, eligibilities, policies, approvers, justifications and sign-ins). Measures building one
 * request's context from the indexed tenant and scoring it against a warm baseline, on one core.
 * Runs alone: `node --import tsx bench/triage-scoring.ts [--users N] [--history N] [--scored N]`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { loadSnapshot, type TenantSnapshot } from '../src/tenant/snapshot.js';
import { learnBaseline } from '../src/triage/baseline.js';
import { triage } from '../src/triage/engine.js';
import { contextFromSnapshot, historyFromSnapshot } from '../src/triage/from-snapshot.js';
import { indexSnapshot } from '../src/triage/snapshot-index.js';
import type { ActivationRecord, TriageContext } from '../src/triage/types.js';

export interface ScoringBenchOptions {
  users?: number;
  historyRequests?: number;
  /** Pending requests whose context is built and scored. */
  scored?: number;
  seed?: number;
  /** The tenant whose shapes are grown; shared/eval/triage/contoso.json by default. */
  tenantFile?: string;
}

export interface ScoringBenchResult {
  /** Requests scored per second of CPU time against a warm baseline (context already built). */
  requestsPerSecond: number;
  /** The same per second of wall time; lower when the machine is busy with other work. */
  wallRequestsPerSecond: number;
  /** Context built and scored, per second of CPU time, and of wall time. */
  endToEndPerSecond: number;
  wallEndToEndPerSecond: number;
  tenantUsers: number;
  historyRequests: number;
  scored: number;
  peakRssMb: number;
  /** Mean CPU time to build one request's context from the indexed tenant. */
  contextBuildMs: number;
  /** One-off costs: indexing the tenant and learning the baseline. */
  indexBuildMs: number;
  learnMs: number;
}

const DAY = 86_400_000;
const NOW = new Date('2026-11-18T10:20:00Z');
const ZONES = ['GMT Standard Time', 'W. Europe Standard Time', 'Eastern Standard Time', 'Pacific Standard Time', 'India Standard Time', 'Tokyo Standard Time'];

function defaultTenantFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(resolve(process.env.PIM_SHARED_DIR ?? join(here, '..', '..', 'shared')), 'eval', 'triage', 'contoso.json');
}

/** mulberry32: small, fast and seeded, so every run grows the same tenant. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(prefix: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

interface Person {
  id: string;
  department?: string;
  timeZone: string;
  roles: string[];
}

interface Grown {
  snapshot: TenantSnapshot;
  history: ActivationRecord[];
  pending: string[];
}

/** The contoso tenant, grown to `users` people with `historyRequests` decided requests and `scored` pending ones. */
function grow(base: TenantSnapshot, users: number, historyRequests: number, scored: number, seed: number): Grown {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const baseHistory = historyFromSnapshot(base);
  const byRole = new Map<string, ActivationRecord[]>();
  for (const r of baseHistory) byRole.set(r.roleDefinitionId, [...(byRole.get(r.roleDefinitionId) ?? []), r]);
  const eligible = new Map<string, string[]>();
  for (const e of base['roleManagement/directory/roleEligibilitySchedules']) {
    if (e.principalId && e.roleDefinitionId && byRole.has(e.roleDefinitionId)) eligible.set(e.principalId, [...(eligible.get(e.principalId) ?? []), e.roleDefinitionId]);
  }
  const templates = base.users.filter((u) => u.id && eligible.has(u.id));

  const people: Person[] = [];
  const newUsers: Graph.User[] = [];
  const newEligibilities: Graph.UnifiedRoleEligibilitySchedule[] = [];
  for (let i = 0; base.users.length + people.length < users; i += 1) {
    const t = templates[i % templates.length] as Graph.User;
    const id = guid(0xbe4c, i);
    const timeZone = ZONES[i % ZONES.length] as string;
    const roles = eligible.get(t.id as string) ?? [];
    newUsers.push({
      id,
      displayName: `Bench Person ${i}`,
      userPrincipalName: `bench${i}@contoso.example`,
      department: t.department,
      jobTitle: t.jobTitle,
      accountEnabled: true,
      createdDateTime: '2022-03-01T09:00:00Z',
      manager: t.manager,
      mailboxSettings: { timeZone, automaticRepliesSetting: { status: 'disabled' } },
    } as Graph.User);
    for (const roleId of roles) {
      newEligibilities.push({ id: `${id}-${roleId}`, principalId: id, roleDefinitionId: roleId, directoryScopeId: '/', memberType: 'Direct', status: 'Provisioned', createdDateTime: '2025-01-10T09:00:00Z' });
    }
    people.push({ id, department: t.department ?? undefined, timeZone, roles });
  }

  // Records come out of a snapshot file or the database as parsed JSON: grow them in batches and
  // pass each batch through JSON, so the strings and objects are of that kind.
  const history: ActivationRecord[] = [];
  for (let start = 0; start < historyRequests; start += 20_000) {
    const batch: ActivationRecord[] = [];
    for (let i = start; i < Math.min(historyRequests, start + 20_000); i += 1) {
      const p = pick(people);
      const roleId = pick(p.roles);
      const like = pick(byRole.get(roleId) ?? baseHistory);
      const created = new Date(NOW.getTime() - 3_600_000 - Math.floor(rand() * 90 * DAY));
      batch.push({
        ...like,
        requestId: guid(0xa11, i),
        principalId: p.id,
        roleDefinitionId: roleId,
        createdDateTime: created.toISOString(),
        status: rand() < 0.97 ? 'approved' : 'denied',
        department: p.department,
        timeZone: p.timeZone,
      });
    }
    for (const r of JSON.parse(JSON.stringify(batch)) as ActivationRecord[]) history.push(r);
  }

  const requests: Graph.UnifiedRoleAssignmentScheduleRequest[] = [];
  const signIns: Graph.SignIn[] = [...base['auditLogs/signIns']];
  const signInShape = base['auditLogs/signIns'][0] ?? {};
  for (let i = 0; i < scored; i += 1) {
    const p = pick(people);
    const roleId = pick(p.roles);
    const like = pick(byRole.get(roleId) ?? baseHistory);
    const created = new Date(NOW.getTime() - 5 * 60_000);
    const id = guid(0x9e9d, i);
    requests.push({
      id,
      action: 'selfActivate',
      principalId: p.id,
      roleDefinitionId: roleId,
      directoryScopeId: '/',
      justification: like.justification,
      status: 'PendingApproval',
      createdDateTime: created.toISOString(),
      ticketInfo: { ticketNumber: like.ticketNumber, ticketSystem: 'ServiceNow' },
      scheduleInfo: { startDateTime: created.toISOString(), expiration: { type: 'afterDuration', duration: `PT${Math.max(1, Math.round((like.durationMinutes ?? 60) / 60))}H` } },
    } as Graph.UnifiedRoleAssignmentScheduleRequest);
    for (let d = 1; d <= 3; d += 1) {
      signIns.push({ ...signInShape, id: `${id}-s${d}`, userId: p.id, createdDateTime: new Date(NOW.getTime() - d * 2 * DAY).toISOString() });
    }
  }

  const snapshot: TenantSnapshot = {
    ...base,
    users: [...base.users, ...newUsers],
    'roleManagement/directory/roleEligibilitySchedules': [...base['roleManagement/directory/roleEligibilitySchedules'], ...newEligibilities],
    'roleManagement/directory/roleAssignmentScheduleRequests': JSON.parse(JSON.stringify(requests)) as Graph.UnifiedRoleAssignmentScheduleRequest[],
    'roleManagement/directory/roleAssignmentApprovals': [],
    'auditLogs/signIns': signIns,
  };
  return { snapshot, history, pending: snapshot['roleManagement/directory/roleAssignmentScheduleRequests'].map((r) => r.id as string) };
}

/** CPU time, not wall time: what one core spent, whatever else the machine was doing meanwhile. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function benchScoring(opts: ScoringBenchOptions = {}): Promise<ScoringBenchResult> {
  const users = opts.users ?? 50_000;
  const historyRequests = opts.historyRequests ?? 1_000_000;
  const scored = opts.scored ?? 20_000;
  const base = await loadSnapshot(opts.tenantFile ?? defaultTenantFile());
  const grown = grow(base, users, historyRequests, scored, opts.seed ?? 20261118);

  let t0 = performance.now();
  const index = indexSnapshot(grown.snapshot, grown.history);
  const indexBuildMs = performance.now() - t0;
  t0 = performance.now();
  const baseline = learnBaseline(grown.history, NOW);
  const learnMs = performance.now() - t0;

  // Warm up the JIT on a slice, then measure every pending request.
  for (const id of grown.pending.slice(0, 500)) triage(contextFromSnapshot(index, id, NOW), baseline, NOW);
  const contexts: TriageContext[] = [];
  let cpu = process.cpuUsage();
  t0 = performance.now();
  for (const id of grown.pending) contexts.push(contextFromSnapshot(index, id, NOW));
  const contextWallMs = performance.now() - t0;
  const contextMs = cpuMs(process.cpuUsage(cpu));
  cpu = process.cpuUsage();
  t0 = performance.now();
  for (const ctx of contexts) triage(ctx, baseline, NOW);
  const scoreWallMs = performance.now() - t0;
  const scoreMs = cpuMs(process.cpuUsage(cpu));

  return {
    requestsPerSecond: Math.round((scored / scoreMs) * 1000),
    wallRequestsPerSecond: Math.round((scored / scoreWallMs) * 1000),
    endToEndPerSecond: Math.round((scored / (scoreMs + contextMs)) * 1000),
    wallEndToEndPerSecond: Math.round((scored / (scoreWallMs + contextWallMs)) * 1000),
    tenantUsers: grown.snapshot.users.length,
    historyRequests: grown.history.length,
    scored,
    peakRssMb: peakRssMb(),
    contextBuildMs: Math.round((contextMs / scored) * 1000) / 1000,
    indexBuildMs: Math.round(indexBuildMs),
    learnMs: Math.round(learnMs),
  };
}

if (process.argv[1] && existsSync(process.argv[1]) && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { users: { type: 'string' }, history: { type: 'string' }, scored: { type: 'string' } } });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v.replace(/_/g, '')));
  const result = await benchScoring({ users: num(values.users), historyRequests: num(values.history), scored: num(values.scored) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
