/**
 * A local stand-in for Jira's REST API, v2 and v3: `GET /rest/api/{v}/issue/{key}` (with `fields`
 * selection, v3 descriptions in Atlassian Document Format), `/field` (custom fields for change
 * windows, as Jira Service Management names them) and `/myself`; Jira's error bodies, API-token or
 * personal-access-token authentication, settable latency and failures, every call recorded. Shared
 * by tests and the sandbox.
 */
import { createServer, type Server } from 'node:http';
import { cancellableDelays, listenOnLoopback } from './loopback.js';

export interface JiraUserSeed {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  /** Data Center's user name. */
  name?: string;
}

export interface JiraIssueSeed {
  key: string;
  issueType: string;
  summary: string;
  /** Plain text; v3 answers it as an ADF document. */
  description?: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  assignee?: JiraUserSeed;
  reporter?: JiraUserSeed;
  labels?: string[];
  components?: string[];
  priority?: string;
  /** The change window and type (ISO 8601 and an option value), in the custom fields of CUSTOM_FIELDS. */
  changeStart?: string;
  changeEnd?: string;
  changeType?: string;
  created?: string;
  updated?: string;
}

export interface JiraStandInOptions {
  port?: number;
  issues?: JiraIssueSeed[];
  /** Cloud: the account's email and its API token, sent as basic credentials. */
  email?: string;
  apiToken?: string;
  /** Data Center: a personal access token, sent as a bearer token. */
  personalAccessToken?: string;
}

export interface JiraCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

export interface JiraStandIn {
  url: string;
  calls: JiraCall[];
  /** From now on: wait `latencyMs` before answering; answer `status` (with Jira's error body) instead. */
  faults: { latencyMs: number; status?: number };
  put(issue: JiraIssueSeed): void;
  close(): Promise<void>;
}

/** Where the stand-in keeps the change window and type, as a Jira Service Management site would. */
export const CUSTOM_FIELDS = {
  changeStart: { id: 'customfield_10060', name: 'Change start date' },
  changeEnd: { id: 'customfield_10061', name: 'Change completion date' },
  changeType: { id: 'customfield_10062', name: 'Change type' },
} as const;

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

const SYSTEM_FIELDS = ['summary', 'description', 'status', 'issuetype', 'assignee', 'reporter', 'creator', 'labels', 'components', 'priority', 'created', 'updated', 'project'];

/** Jira's date-time format: 2026-11-18T09:00:00.000+0000. */
function jiraTime(iso: string | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('Z', '+0000');
}

/** Plain text as an Atlassian Document Format document, one paragraph per line. */
function adf(text: string | undefined): unknown {
  if (!text) return null;
  return { type: 'doc', version: 1, content: text.split('\n').map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })) };
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

export async function startJira(options: JiraStandInOptions = {}): Promise<JiraStandIn> {
  const email = options.email ?? 'pim-copilot@sandbox.example';
  const apiToken = options.apiToken ?? 'sandbox';
  const issues = new Map<string, JiraIssueSeed>();
  const put = (issue: JiraIssueSeed) => void issues.set(issue.key.toUpperCase(), issue);
  for (const issue of options.issues ?? []) put(issue);
  const calls: JiraCall[] = [];
  const faults: JiraStandIn['faults'] = { latencyMs: 0 };
  const delays = cancellableDelays();
  const sleep = delays.sleep;
  let base = '';

  const user = (u: JiraUserSeed | undefined) =>
    u
      ? {
          self: `${base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
          accountId: u.accountId,
          ...(u.name ? { name: u.name, key: u.name } : {}),
          ...(u.emailAddress ? { emailAddress: u.emailAddress } : {}),
          avatarUrls: {},
          displayName: u.displayName,
          active: true,
          timeZone: 'Etc/UTC',
          accountType: 'atlassian',
        }
      : null;

  const fieldsOf = (issue: JiraIssueSeed, version: string): Record<string, unknown> => {
    const project = issue.key.split('-')[0] ?? '';
    const category = CATEGORIES[issue.statusCategory];
    return {
      summary: issue.summary,
      description: version === '3' ? adf(issue.description) : (issue.description ?? null),
      status: { self: `${base}/rest/api/${version}/status/${hash(issue.status) % 10000}`, description: '', name: issue.status, id: String(hash(issue.status) % 10000), statusCategory: { self: `${base}/rest/api/${version}/statuscategory/${category.id}`, ...category } },
      issuetype: { self: `${base}/rest/api/${version}/issuetype/${hash(issue.issueType) % 10000}`, id: String(hash(issue.issueType) % 10000), name: issue.issueType, subtask: false },
      assignee: user(issue.assignee),
      reporter: user(issue.reporter),
      creator: user(issue.reporter),
      labels: issue.labels ?? [],
      components: (issue.components ?? []).map((name) => ({ self: `${base}/rest/api/${version}/component/${hash(name) % 100000}`, id: String(hash(name) % 100000), name })),
      priority: { name: issue.priority ?? 'Medium', id: '3' },
      created: jiraTime(issue.created),
      updated: jiraTime(issue.updated ?? issue.created),
      project: { key: project, name: project },
      [CUSTOM_FIELDS.changeStart.id]: jiraTime(issue.changeStart),
      [CUSTOM_FIELDS.changeEnd.id]: jiraTime(issue.changeEnd),
      [CUSTOM_FIELDS.changeType.id]: issue.changeType ? { self: `${base}/rest/api/${version}/customFieldOption/${hash(issue.changeType) % 100000}`, value: issue.changeType, id: String(hash(issue.changeType) % 100000) } : null,
    };
  };

  const authorized = (header: string | undefined): boolean => {
    if (!header) return false;
    const [scheme, credential = ''] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic') return Buffer.from(credential, 'base64').toString('utf8') === `${email}:${apiToken}`;
    return scheme?.toLowerCase() === 'bearer' && options.personalAccessToken !== undefined && credential === options.personalAccessToken;
  };

  const server: Server = createServer(async (req, res) => {
    // No chaining on writeHead: restify, when loaded in the same process, patches it to return nothing.
    const send = (status: number, payload: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(payload));
    };
    const errors = (status: number, message: string) => send(status, { errorMessages: [message], errors: {} });
    const url = new URL(req.url ?? '/', 'http://localhost');
    for await (const _chunk of req);
    calls.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization });
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.status) return errors(faults.status, faults.status >= 500 ? 'Internal server error' : 'Request failed');

    const m = /^\/rest\/api\/(2|3|latest)\/(issue\/([^/]+)|field|myself)$/.exec(url.pathname);
    if (!m) return errors(404, 'Not found');
    if (!authorized(req.headers.authorization)) return errors(401, 'You are not authenticated. Authentication required to perform this operation.');
    if (req.method !== 'GET') return errors(405, 'Method not allowed');
    const version = m[1] === 'latest' ? '2' : m[1]!;
    if (m[2] === 'myself') return send(200, user({ accountId: 'pim-copilot', displayName: 'PIM Copilot', emailAddress: email }));
    if (m[2] === 'field') {
      return send(200, [
        ...SYSTEM_FIELDS.map((id) => ({ id, key: id, name: id[0]!.toUpperCase() + id.slice(1), custom: false, orderable: true, navigable: true, searchable: true })),
        ...Object.values(CUSTOM_FIELDS).map((f) => ({ id: f.id, key: f.id, name: f.name, custom: true, orderable: true, navigable: true, searchable: true, schema: { type: f.id === CUSTOM_FIELDS.changeType.id ? 'option' : 'datetime', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datetime', customId: Number(f.id.split('_')[1]) } })),
      ]);
    }
    const key = decodeURIComponent(m[3] ?? '').toUpperCase();
    const issue = issues.get(key);
    if (!issue) return errors(404, 'Issue does not exist or you do not have permission to see it.');
    const all = fieldsOf(issue, version);
    const wanted = url.searchParams.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean);
    const fields = !wanted || wanted.includes('*all') || wanted.includes('*navigable') ? all : Object.fromEntries(wanted.filter((f) => f in all).map((f) => [f, all[f]]));
    send(200, { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: String(10000 + (hash(key) % 90000)), self: `${base}/rest/api/${version}/issue/${10000 + (hash(key) % 90000)}`, key: issue.key, fields });
  });
  const listening = await listenOnLoopback(server, options.port);
  base = listening.url;
  return {
    url: base,
    calls,
    faults,
    put,
    close: async () => {
      delays.cancelAll();
      await listening.close();
    },
  };
}
