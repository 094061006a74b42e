/**
 * The sandbox's ticket systems: started beside the sandbox tenant (not when turned off, not for a
 * system that is configured), seeded so every ticket the tenant's history cites exists, most of
 * them backing their activation and a few closed or mismatched, those of denied requests always.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { wireGraph, type GraphWiring } from '../../src/graph-wiring.js';
import { coversAllDomains, roleInfo } from '../../src/roles/index.js';
import { demoTenantPath } from '../../src/sandbox/index.js';
import { ticketFindings } from '../../src/tickets/findings.js';
import { seedTickets, type SeedTenant } from '../../src/tickets/seeds.js';
import { durationMinutes } from '../../src/triage/time.js';

const silent = pino({ level: 'silent' });

describe('ticket stand-ins in sandbox mode', () => {
  let graph: GraphWiring;
  let tenant: SeedTenant & { users: Array<{ id: string; userPrincipalName?: string | null; displayName?: string | null }> };
  before(async () => {
    graph = await wireGraph(loadConfig({ SANDBOX_PORT: '0', LOG_LEVEL: 'silent' }), silent);
    const raw = JSON.parse(await readFile(demoTenantPath(), 'utf8')) as Record<string, unknown[]>;
    tenant = { users: raw.users, roleDefinitions: raw['roleManagement/directory/roleDefinitions'], requests: raw['roleManagement/directory/roleAssignmentScheduleRequests'] } as typeof tenant;
  });
  after(() => graph.close());

  it('start with the sandbox and give the bot a checker for both systems', () => {
    assert.ok(graph.tickets.standIns?.serviceNow);
    assert.ok(graph.tickets.standIns?.jira);
    assert.deepEqual(graph.tickets.checker?.systems, ['ServiceNow', 'Jira']);
  });

  it("hold every ticket the tenant's requests cite; most are open, the requester's and cover the activation, some not; denied ones never back it", async () => {
    const checker = graph.tickets.checker!;
    const users = new Map(tenant.users.map((u) => [u.id, u]));
    const roles = new Map(tenant.roleDefinitions.map((r) => [r.id, r]));
    let cited = 0;
    let backing = 0;
    const kinds = new Set<string>();
    for (const r of tenant.requests) {
      const u = users.get(r.principalId)!;
      const who = { userPrincipalName: u.userPrincipalName ?? undefined, displayName: u.displayName ?? undefined };
      const facts = await checker.check({ ticketNumber: r.ticketInfo?.ticketNumber ?? undefined, ticketSystem: r.ticketInfo?.ticketSystem ?? undefined, justification: r.justification ?? undefined }, who);
      if (!facts) continue;
      cited += 1;
      assert.equal(facts.status, 'found', `${facts.number} is missing from ${facts.system}`);
      const info = roleInfo(roles.get(r.roleDefinitionId)?.templateId ?? r.roleDefinitionId)!;
      const findings = ticketFindings(facts, {
        requester: who,
        role: { displayName: info.displayName, domains: info.domains, coversAll: coversAllDomains(info) },
        start: r.scheduleInfo?.startDateTime ?? r.createdDateTime,
        minutes: durationMinutes(r.scheduleInfo?.expiration?.duration),
      }).filter((f) => f.kind !== 'emergency');
      for (const f of findings) kinds.add(f.kind);
      // The history's own justifications sometimes name other services than the role's; the ticket repeats them.
      if (findings.every((f) => f.kind === 'unrelated')) backing += 1;
      if (r.status === 'Denied') assert.ok(findings.length > 0, `${facts.number} was cited in a denied request but backs it`);
    }
    assert.ok(cited >= 150, `${cited} requests cite a ticket`);
    assert.ok(backing / cited >= 0.75, `${backing} of ${cited} are open, the requester's and cover the activation`);
    for (const kind of ['closed', 'not-on-ticket', 'outside-window', 'unrelated']) assert.ok(kinds.has(kind), `no ${kind} ticket`);
  });

  it('keep the windows of recently cited tickets open a week ahead, for requests made now', () => {
    const now = new Date('2026-11-26T08:00:00Z');
    const seeds = seedTickets(tenant, now);
    const recent = seeds.serviceNow.change_request!.filter((c) => c.active === 'true' && c.end_date! > '2026-11-26');
    assert.ok(recent.length > 0);
    assert.ok(recent.every((c) => c.start_date! < '2026-11-26 08:00:00'));
    // The same tenant gives the same tickets every time.
    assert.deepEqual(seedTickets(tenant, now).tickets, seeds.tickets);
  });

  it('are not started when turned off, nor for a system that is configured', async () => {
    const off = await wireGraph(loadConfig({ SANDBOX_PORT: '0', TICKET_STANDINS: 'false' }), silent);
    try {
      assert.equal(off.tickets.standIns, undefined);
      assert.equal(off.tickets.checker, undefined);
    } finally {
      await off.close();
    }
    const jira = await wireGraph(loadConfig({ SANDBOX_PORT: '0', JIRA_BASE_URL: 'https://contoso.atlassian.net', JIRA_EMAIL: 'bot@contoso.com', JIRA_API_TOKEN: 't' }), silent);
    try {
      assert.ok(jira.tickets.standIns?.serviceNow);
      assert.equal(jira.tickets.standIns?.jira, undefined);
      assert.deepEqual(jira.tickets.checker?.systems.sort(), ['Jira', 'ServiceNow']);
    } finally {
      await jira.close();
    }
  });
});
