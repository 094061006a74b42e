/**
 * A local stand-in for a ServiceNow instance's Table API (`/api/now/table/{table}`) and OAuth token
 * endpoint (`/oauth_token.do`): encoded queries with `^` and `^OR`, dot-walked fields, reference and
 * choice fields answered as `sysparm_display_value=false|true|all` would, ServiceNow's error bodies,
 * basic or bearer authentication, settable latency and failures, every call recorded. Shared by
 * tests and the sandbox.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { cancellableDelays, listenOnLoopback } from './loopback.js';

/** One row as stored: every field a string (ServiceNow's internal value); references hold sys_ids. */
export type ServiceNowRecord = { sys_id: string } & Record<string, string | undefined>;

export interface ServiceNowStandInOptions {
  port?: number;
  /** Rows per table: incident, change_request, sc_req_item, sys_user, sys_user_group, sys_user_grmember, cmdb_ci… */
  tables?: Record<string, ServiceNowRecord[]>;
  /** The account basic authentication accepts. */
  username?: string;
  password?: string;
  /** The OAuth client `/oauth_token.do` accepts (client credentials, or the password grant with the account above). */
  clientId?: string;
  clientSecret?: string;
}

export interface ServiceNowCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

export interface ServiceNowStandIn {
  url: string;
  calls: ServiceNowCall[];
  /** From now on: wait `latencyMs` before answering; answer `status` (with ServiceNow's error body) instead. */
  faults: { latencyMs: number; status?: number };
  /** Adds or replaces a row. */
  put(table: string, record: ServiceNowRecord): void;
  close(): Promise<void>;
}

/** Reference fields and the table they point at. */
const REFERENCES: Record<string, string> = {
  assigned_to: 'sys_user',
  caller_id: 'sys_user',
  opened_by: 'sys_user',
  requested_by: 'sys_user',
  requested_for: 'sys_user',
  user: 'sys_user',
  manager: 'sys_user',
  assignment_group: 'sys_user_group',
  group: 'sys_user_group',
  cmdb_ci: 'cmdb_ci',
  request: 'sc_request',
};

const TASK = ['sys_id', 'number', 'short_description', 'description', 'state', 'active', 'priority', 'assignment_group', 'assigned_to', 'opened_by', 'opened_at', 'closed_at', 'cmdb_ci', 'sys_class_name', 'sys_created_on', 'sys_updated_on'];

/** The columns of each table; a field outside them is left out of answers, as the Table API does. */
const COLUMNS: Record<string, string[]> = {
  incident: [...TASK, 'caller_id', 'category', 'impact', 'urgency', 'resolved_at'],
  change_request: [...TASK, 'type', 'requested_by', 'start_date', 'end_date', 'risk', 'cab_required'],
  sc_req_item: [...TASK, 'requested_for', 'request', 'cat_item', 'due_date'],
  sc_request: [...TASK, 'requested_for'],
  problem: [...TASK],
  sys_user: ['sys_id', 'user_name', 'name', 'first_name', 'last_name', 'email', 'department', 'title', 'active', 'manager'],
  sys_user_group: ['sys_id', 'name', 'description', 'email', 'active', 'manager'],
  sys_user_grmember: ['sys_id', 'group', 'user'],
  cmdb_ci: ['sys_id', 'name', 'short_description', 'sys_class_name'],
};

/** Choice fields' labels, per table. */
const CHOICES: Record<string, Record<string, Record<string, string>>> = {
  incident: { state: { '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' } },
  change_request: {
    state: { '-5': 'New', '-4': 'Assess', '-3': 'Authorize', '-2': 'Scheduled', '-1': 'Implement', '0': 'Review', '3': 'Closed', '4': 'Canceled' },
    type: { standard: 'Standard', normal: 'Normal', emergency: 'Emergency' },
  },
  sc_req_item: { state: { '-5': 'Pending', '1': 'Open', '2': 'Work in Progress', '3': 'Closed Complete', '4': 'Closed Incomplete', '7': 'Closed Skipped' } },
  sc_request: { state: { '1': 'Open', '2': 'Work in Progress', '3': 'Closed Complete', '4': 'Closed Incomplete' } },
  problem: { state: { '101': 'New', '102': 'Assess', '103': 'Root Cause Analysis', '104': 'Fix in Progress', '106': 'Resolved', '107': 'Closed' } },
};
for (const t of Object.keys(COLUMNS)) {
  if (!TASK.every((c) => COLUMNS[t]!.includes(c))) continue;
  CHOICES[t] = { ...CHOICES[t], priority: { '1': '1 - Critical', '2': '2 - High', '3': '3 - Moderate', '4': '4 - Low', '5': '5 - Planning' } };
}

/** The field a row is known by when another row points at it. */
const DISPLAY_FIELD: Record<string, string> = { sys_user: 'name', sys_user_group: 'name', cmdb_ci: 'name' };

interface Resolved {
  value: string;
  display: string;
  /** Set for reference fields. */
  link?: string;
}

type Condition = { path: string; op: string; operand: string };

/** `a=1^b=2^ORc=3` → [[a=1], [b=2, c=3]]: groups are ANDed, conditions within a group ORed. */
function parseQuery(query: string): Condition[][] {
  const groups: Condition[][] = [];
  for (const raw of query.split('^')) {
    if (!raw || raw.startsWith('ORDERBY') || raw === 'EQ') continue;
    const or = raw.startsWith('OR');
    const text = or ? raw.slice(2) : raw;
    const m = /^([\w.]+?)(!=|>=|<=|=|>|<|NOT LIKE|LIKE|STARTSWITH|ENDSWITH|NOT IN|IN|ISNOTEMPTY|ISEMPTY)(.*)$/.exec(text);
    if (!m) continue;
    const condition = { path: m[1]!, op: m[2]!, operand: m[3] ?? '' };
    const last = groups[groups.length - 1];
    if (or && last) last.push(condition);
    else groups.push([condition]);
  }
  return groups;
}

function test(value: string, op: string, operand: string): boolean {
  const v = value.toLowerCase();
  const o = operand.toLowerCase();
  switch (op) {
    case '=':
      return v === o;
    case '!=':
      return v !== o;
    case 'LIKE':
      return v.includes(o);
    case 'NOT LIKE':
      return !v.includes(o);
    case 'STARTSWITH':
      return v.startsWith(o);
    case 'ENDSWITH':
      return v.endsWith(o);
    case 'IN':
      return o.split(',').includes(v);
    case 'NOT IN':
      return !o.split(',').includes(v);
    case 'ISEMPTY':
      return v === '';
    case 'ISNOTEMPTY':
      return v !== '';
    case '>':
      return v > o;
    case '<':
      return v < o;
    case '>=':
      return v >= o;
    default:
      return v <= o;
  }
}

async function drain(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServiceNow(options: ServiceNowStandInOptions = {}): Promise<ServiceNowStandIn> {
  const username = options.username ?? 'pim-copilot';
  const password = options.password ?? 'sandbox';
  const tables = new Map<string, Map<string, ServiceNowRecord>>();
  for (const table of Object.keys(COLUMNS)) tables.set(table, new Map());
  const put = (table: string, record: ServiceNowRecord) => {
    if (!tables.has(table)) tables.set(table, new Map());
    tables.get(table)!.set(record.sys_id, record);
  };
  for (const [table, rows] of Object.entries(options.tables ?? {})) for (const row of rows) put(table, row);
  const tokens = new Map<string, number>();
  const calls: ServiceNowCall[] = [];
  const faults: ServiceNowStandIn['faults'] = { latencyMs: 0 };
  const delays = cancellableDelays();
  const sleep = delays.sleep;
  let base = '';

  const columnsOf = (table: string) => COLUMNS[table] ?? [...new Set([...(tables.get(table)?.values() ?? [])].flatMap((r) => Object.keys(r)))];

  const resolve = (table: string, row: ServiceNowRecord | undefined, path: string): Resolved | undefined => {
    const [field, ...rest] = path.split('.');
    if (!field || !columnsOf(table).includes(field)) return undefined;
    const value = row?.[field] ?? '';
    const target = REFERENCES[field];
    if (target) {
      const ref = value ? tables.get(target)?.get(value) : undefined;
      if (rest.length) return resolve(target, ref, rest.join('.')) ?? { value: '', display: '' };
      const display = ref ? (ref[DISPLAY_FIELD[target] ?? 'number'] ?? ref.number ?? value) : '';
      return { value, display, link: value ? `${base}/api/now/table/${target}/${value}` : '' };
    }
    if (rest.length) return undefined;
    return { value, display: CHOICES[table]?.[field]?.[value] ?? value };
  };

  const shape = (r: Resolved, mode: string, noLinks: boolean): unknown => {
    const ref = r.link !== undefined;
    if (mode === 'all') return ref && !noLinks && r.link ? { display_value: r.display, link: r.link, value: r.value } : { display_value: r.display, value: r.value };
    if (mode === 'true') return ref && !noLinks && r.link ? { display_value: r.display, link: r.link } : r.display;
    return ref && !noLinks && r.link ? { link: r.link, value: r.value } : r.value;
  };

  const render = (table: string, row: ServiceNowRecord, q: URLSearchParams): Record<string, unknown> => {
    const mode = (q.get('sysparm_display_value') ?? 'false').toLowerCase();
    const noLinks = q.get('sysparm_exclude_reference_link') === 'true';
    const wanted = q.get('sysparm_fields')?.split(',').map((f) => f.trim()).filter(Boolean) ?? columnsOf(table);
    const out: Record<string, unknown> = {};
    for (const path of wanted) {
      const r = resolve(table, row, path);
      if (r) out[path] = shape(r, mode, noLinks);
    }
    return out;
  };

  const matches = (table: string, row: ServiceNowRecord, groups: Condition[][]) =>
    groups.every((group) => group.some((c) => test(resolve(table, row, c.path)?.value ?? '', c.op, c.operand)));

  const authorized = (header: string | undefined): boolean => {
    if (!header) return false;
    const [scheme, credential = ''] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic') return Buffer.from(credential, 'base64').toString('utf8') === `${username}:${password}`;
    if (scheme?.toLowerCase() === 'bearer') return (tokens.get(credential) ?? 0) > Date.now();
    return false;
  };

  const server: Server = createServer(async (req, res) => {
    // No chaining on writeHead: restify, when loaded in the same process, patches it to return nothing.
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    const failure = (status: number, message: string, detail: string | null) => send(status, { error: { message, detail }, status: 'failure' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await drain(req);
    calls.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization });
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.status) return failure(faults.status, faults.status >= 500 ? 'Internal server error' : 'Request failed', null);

    if (url.pathname === '/oauth_token.do' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const client = options.clientId !== undefined && form.get('client_id') === options.clientId && form.get('client_secret') === options.clientSecret;
      const grant = form.get('grant_type');
      const account = grant === 'client_credentials' || (grant === 'password' && form.get('username') === username && form.get('password') === password);
      if (!client || !account) return send(401, { error_description: 'access_denied', error: 'server_error' });
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + 1799_000);
      return send(200, { access_token: token, refresh_token: randomBytes(24).toString('base64url'), scope: 'useraccount', token_type: 'Bearer', expires_in: 1799 });
    }

    const m = /^\/api\/now(?:\/v[12])?\/table\/([\w]+)(?:\/([0-9a-f]{32}))?$/.exec(url.pathname);
    if (!m) return failure(400, 'Requested URI does not represent any resource', null);
    if (!authorized(req.headers.authorization)) return failure(401, 'User Not Authenticated', 'Required to provide Auth information');
    if (req.method !== 'GET') return failure(405, 'Method not Supported', 'This stand-in only reads');
    const table = m[1]!;
    const rows = tables.get(table);
    if (!rows) return failure(400, `Invalid table ${table}`, null);
    if (m[2]) {
      const row = rows.get(m[2]);
      return row ? send(200, { result: render(table, row, url.searchParams) }) : failure(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
    }
    const groups = parseQuery(url.searchParams.get('sysparm_query') ?? '');
    const all = [...rows.values()].filter((row) => matches(table, row, groups));
    const offset = Number(url.searchParams.get('sysparm_offset') ?? 0) || 0;
    const limit = Number(url.searchParams.get('sysparm_limit') ?? 10_000) || 10_000;
    const page = all.slice(offset, offset + limit);
    send(200, { result: page.map((row) => render(table, row, url.searchParams)) }, { 'x-total-count': String(all.length) });
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
