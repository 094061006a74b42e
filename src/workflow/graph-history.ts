/**
 * The triage baseline's history read from Graph with the app token: every self-activation request
 * since the watermark, PIM's "approved/denied" audit events for who decided (approvals themselves
 * are readable only by approvers), and the requesters' departments and time zones.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphWiring } from '../graph-wiring.js';
import { batch, isPassing, listAll, mailboxSettingsUrl, outcomeBody, schemas, type DirectoryAudit, type MailboxSettings, type User } from '../pim/index.js';
import { activationRecords, type HistorySource } from '../triage/index.js';

const DECIDED = ['Add member to role request approved (PIM activation)', 'Add member to role request denied (PIM activation)'];

export function graphHistorySource(graph: GraphWiring): HistorySource {
  const { pim } = graph;
  return {
    tenantId: graph.identity.tenantId,
    async requestsSince(since) {
      const requests = (await pim.listRequests()).filter((r) => !since || new Date(r.createdDateTime) > since);
      const audits: DirectoryAudit[] = [];
      for (const activityDisplayName of DECIDED) audits.push(...(await pim.listDirectoryAudits({ since, activityDisplayName, category: 'RoleManagement' })));
      const people = [...new Set(requests.map((r) => r.principalId))];
      const users = await listAll<User>(pim.app, pim.app.api('/users').select('id,displayName,userPrincipalName,department,jobTitle'), { schema: schemas.userSchema, what: 'user' });
      const wanted = new Set(people);
      const byId = new Map<string, Graph.User>(users.filter((u) => wanted.has(u.id)).map((u) => [u.id, u as Graph.User]));
      const zones = await batch(pim.app, [...byId.keys()].map((id) => ({ id, url: mailboxSettingsUrl(id) })));
      let passing = 0;
      for (const [id, user] of byId) {
        try {
          user.mailboxSettings = outcomeBody<MailboxSettings>(zones.get(id), schemas.mailboxSettingsSchema, 'mailbox settings') as Graph.MailboxSettings;
        } catch (err) {
          // No mailbox (404 without a licence, 403 without the permission): the person's hours are read in UTC.
          if (isPassing(err)) passing++;
        }
      }
      // History is stored once: an outage (most zones failing after the batch's retries) fails the
      // learn, which is retried, rather than storing everyone's hours in UTC. A few throttled ones do not.
      if (passing > 0 && passing * 2 >= byId.size) throw new Error(`mailbox settings of ${passing} of ${byId.size} requesters could not be read; the learn is tried again`);
      return activationRecords({
        requests: requests as unknown as Graph.UnifiedRoleAssignmentScheduleRequest[],
        approvals: [],
        directoryAudits: audits as unknown as Graph.DirectoryAudit[],
        users: byId,
      });
    },
  };
}
