import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NORTHWIND_SINCE, northwind } from './support/planted-scenario.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/pim-copilot.js', import.meta.url));

describe('pim-copilot oversight scan', () => {
  let dir = '';
  let file = '';
  let vaultId = '';

  before(() => {
    const { tenant, breakGlassGroup } = northwind();
    const input = tenant.input();
    vaultId = tenant.id('vault1');
    const snapshot = {
      organization: [{ id: '11111111-2222-3333-4444-555555555555', displayName: 'Northwind' }],
      users: input.users,
      groups: tenant.groups(),
      'roleManagement/directory/roleDefinitions': input.roleDefinitions,
      'roleManagement/directory/roleEligibilitySchedules': input.eligibilities,
      'roleManagement/directory/roleAssignmentSchedules': input.assignments,
      'policies/roleManagementPolicies': [],
      'policies/roleManagementPolicyAssignments': [],
      'roleManagement/directory/roleAssignmentScheduleRequests': input.requests,
      'auditLogs/directoryAudits': input.directoryAudits,
      'auditLogs/signIns': input.signIns,
    };
    assert.equal(breakGlassGroup, 'Break Glass Accounts');
    dir = mkdtempSync(join(tmpdir(), 'oversight-cli-'));
    file = join(dir, 'northwind.json');
    writeFileSync(file, JSON.stringify(snapshot));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const env = { ...process.env, PIM_COPILOT_FROM_SOURCE: '1' };

  it('prints alerts and a summary as JSON', async () => {
    const { stdout } = await run(process.execPath, [bin, 'oversight', 'scan', '--tenant', file, '--since', NORTHWIND_SINCE, '--break-glass-group', 'break glass accounts', '--json'], { env });
    const out = JSON.parse(stdout) as { alerts: Array<{ kind: string; userId: string; severity: string }>; summary: { alerts: number; eventsScanned: number; byKind: Record<string, number> } };
    assert.equal(out.summary.alerts, out.alerts.length);
    assert.ok(out.summary.eventsScanned > 0);
    assert.equal(out.summary.byKind['break-glass'], 1);
    assert.ok(out.alerts.some((a) => a.kind === 'break-glass' && a.userId === vaultId && a.severity === 'critical'));
  });

  it('keeps the alert contract: kind, severity, userId, requestId, summary, eventIds on every alert', async () => {
    const { stdout } = await run(process.execPath, [bin, 'oversight', 'scan', '--tenant', file, '--since', NORTHWIND_SINCE, '--break-glass-group', 'break glass accounts', '--json'], { env });
    const out = JSON.parse(stdout) as { alerts: Array<Record<string, unknown> & { events: Array<{ id: string }>; activation?: { requestId: string } }> };
    assert.ok(out.alerts.length > 0);
    for (const a of out.alerts) {
      for (const key of ['kind', 'severity', 'userId', 'summary']) assert.equal(typeof a[key], 'string', key);
      assert.ok(a.requestId === null || typeof a.requestId === 'string');
      assert.equal(a.requestId, a.activation?.requestId ?? null);
      assert.deepEqual(a.eventIds, a.events.map((e) => e.id));
    }
  });

  it('prints a readable list without --json, and refuses a break-glass group that does not exist', async () => {
    const { stdout } = await run(process.execPath, [bin, 'oversight', 'scan', '--tenant', file, '--since', NORTHWIND_SINCE, '--break-glass-users', vaultId], { env });
    assert.match(stdout, /\[CRITICAL\] break-glass — vault1@northwind\.example/);
    await assert.rejects(
      run(process.execPath, [bin, 'oversight', 'scan', '--tenant', file, '--since', NORTHWIND_SINCE, '--break-glass-group', 'Nobody'], { env }),
      /no group named 'Nobody'/,
    );
  });

  it('explains its usage on a bad call', async () => {
    await assert.rejects(run(process.execPath, [bin, 'oversight', 'scan', '--tenant', file], { env }), /--tenant and --since are required/);
  });
});
