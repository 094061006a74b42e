/**
 * ServiceNow over its Table API: `GET /api/now/table/{table}?sysparm_query=number=…` with display
 * values, the table chosen by the number's prefix; basic or OAuth (`/oauth_token.do`) credentials.
 */
import { basicAuth, requestJson, statusProblem, TicketSystemError } from './http.js';
import type { PersonKeys, TicketConnector, TicketPerson, TicketRecord, TicketRole } from './facts.js';

export type ServiceNowAuth =
  | { kind: 'basic'; username: string; password: string }
  /** Client credentials, or the password grant when a username and password come with the client. */
  | { kind: 'oauth'; clientId: string; clientSecret: string; username?: string; password?: string };

export interface ServiceNowSettings {
  instanceUrl: string;
  auth: ServiceNowAuth;
}

/** Number prefix → table; the prefixes are ServiceNow's defaults. */
const TABLES: Record<string, { table: string; kind: TicketRecord['kind'] }> = {
  INC: { table: 'incident', kind: 'incident' },
  CHG: { table: 'change_request', kind: 'change' },
  RITM: { table: 'sc_req_item', kind: 'request' },
  REQ: { table: 'sc_request', kind: 'request' },
  PRB: { table: 'problem', kind: 'problem' },
  SCTASK: { table: 'sc_task', kind: 'task' },
  CTASK: { table: 'change_task', kind: 'task' },
};

const NUMBER = /^(INC|CHG|RITM|REQ|PRB|SCTASK|CTASK)\d{6,10}$/;

const PEOPLE: Array<[field: string, role: TicketRole]> = [
  ['assigned_to', 'assignee'],
  ['caller_id', 'caller'],
  ['requested_for', 'requested for'],
  ['requested_by', 'requested by'],
  ['opened_by', 'opened by'],
];

/** Every field any of the tables has; the Table API leaves out those a table lacks. */
const FIELDS = [
  'sys_id',
  'number',
  'short_description',
  'description',
  'state',
  'active',
  'type',
  'start_date',
  'end_date',
  'assignment_group',
  'cmdb_ci',
  ...PEOPLE.flatMap(([f]) => [f, `${f}.email`, `${f}.user_name`]),
].join(',');

/** States that mean the work is done even where the record stays active (a resolved incident). */
const DONE_STATE = /\b(resolved|closed|cancell?ed|complete|skipped)\b/i;

type Cell = string | { display_value?: string | null; value?: string | null } | null | undefined;
type Row = Record<string, Cell>;

const valueOf = (c: Cell): string => (typeof c === 'string' ? c : (c?.value ?? '')) ?? '';
const displayOf = (c: Cell): string => (typeof c === 'string' ? c : (c?.display_value ?? c?.value ?? '')) ?? '';

/** ServiceNow's internal date-time ("2026-11-18 09:00:00", UTC) as ISO 8601. */
function isoOf(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  return m ? `${m[1]}T${m[2]}Z` : undefined;
}

/** Values go into an encoded query, where `^` and `=` would change its meaning. */
function queryValue(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t && !/[\^=\s]/.test(t) ? t : undefined;
}

export class ServiceNowConnector implements TicketConnector {
  readonly system = 'ServiceNow' as const;
  private readonly base: string;
  private token?: Promise<{ value: string; expires: number }>;

  constructor(private readonly settings: ServiceNowSettings) {
    this.base = settings.instanceUrl.replace(/\/+$/, '');
  }

  handles(number: string): boolean {
    return NUMBER.test(number.toUpperCase());
  }

  async get(number: string, signal: AbortSignal): Promise<TicketRecord | null> {
    const upper = number.toUpperCase();
    const m = NUMBER.exec(upper);
    const where = m ? TABLES[m[1]!] : undefined;
    if (!where) throw new TicketSystemError(`${number} is not a ServiceNow number`);
    const params = new URLSearchParams({
      sysparm_query: `number=${upper}`,
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
      sysparm_fields: FIELDS,
      sysparm_limit: '1',
    });
    const rows = await this.table(where.table, params, signal);
    const row = rows[0];
    return row ? this.record(row, where.table, where.kind) : null;
  }

  async isGroupMember(groupId: string, who: PersonKeys, signal: AbortSignal): Promise<boolean> {
    const group = queryValue(groupId);
    const keys = [...new Set([who.userPrincipalName, who.mail].map(queryValue).filter((k): k is string => Boolean(k)))];
    if (!group || keys.length === 0) return false;
    const either = keys.flatMap((k) => [`user.user_name=${k}`, `user.email=${k}`]).join('^OR');
    const params = new URLSearchParams({ sysparm_query: `group=${group}^${either}`, sysparm_fields: 'sys_id', sysparm_limit: '1' });
    return (await this.table('sys_user_grmember', params, signal)).length > 0;
  }

  private async table(table: string, params: URLSearchParams, signal: AbortSignal): Promise<Row[]> {
    const authorization = await this.authorization(signal);
    const res = await requestJson('ServiceNow', `${this.base}/api/now/table/${table}?${params.toString()}`, { headers: { authorization }, signal });
    if (res.status === 401 && this.settings.auth.kind === 'oauth') this.token = undefined;
    if (res.status !== 200) throw statusProblem('ServiceNow', res.status);
    const result = (res.body as { result?: unknown } | undefined)?.result;
    if (!Array.isArray(result)) throw new TicketSystemError('ServiceNow answered without a result list');
    return result as Row[];
  }

  private record(row: Row, table: string, kind: TicketRecord['kind']): TicketRecord {
    const people: TicketPerson[] = [];
    for (const [field, role] of PEOPLE) {
      if (!valueOf(row[field])) continue;
      const email = valueOf(row[`${field}.email`]) || undefined;
      const userName = valueOf(row[`${field}.user_name`]) || undefined;
      people.push({ role, name: displayOf(row[field]) || undefined, email, userName });
    }
    const state = displayOf(row.state);
    const groupId = valueOf(row.assignment_group);
    const sysId = valueOf(row.sys_id);
    return {
      number: valueOf(row.number),
      system: 'ServiceNow',
      type: table,
      kind,
      shortDescription: displayOf(row.short_description),
      description: displayOf(row.description) || undefined,
      state,
      open: valueOf(row.active) !== 'false' && !DONE_STATE.test(state),
      plannedStart: isoOf(valueOf(row.start_date)),
      plannedEnd: isoOf(valueOf(row.end_date)),
      emergency: table === 'change_request' && valueOf(row.type).toLowerCase() === 'emergency',
      people,
      assignmentGroup: groupId ? { id: groupId, name: displayOf(row.assignment_group) } : undefined,
      configurationItem: displayOf(row.cmdb_ci) || undefined,
      url: sysId ? `${this.base}/${table}.do?sys_id=${encodeURIComponent(sysId)}` : undefined,
    };
  }

  private async authorization(signal: AbortSignal): Promise<string> {
    const auth = this.settings.auth;
    if (auth.kind === 'basic') return basicAuth(auth.username, auth.password);
    const cached = this.token ? await this.token.catch(() => undefined) : undefined;
    if (cached && cached.expires > Date.now()) return `Bearer ${cached.value}`;
    const pending = this.fetchToken(auth, signal);
    this.token = pending;
    pending.catch(() => {
      if (this.token === pending) this.token = undefined;
    });
    return `Bearer ${(await pending).value}`;
  }

  private async fetchToken(auth: Extract<ServiceNowAuth, { kind: 'oauth' }>, signal: AbortSignal): Promise<{ value: string; expires: number }> {
    const form: Record<string, string> = { client_id: auth.clientId, client_secret: auth.clientSecret };
    if (auth.username && auth.password) Object.assign(form, { grant_type: 'password', username: auth.username, password: auth.password });
    else form.grant_type = 'client_credentials';
    const res = await requestJson('ServiceNow', `${this.base}/oauth_token.do`, { method: 'POST', headers: {}, form, signal });
    const body = res.body as { access_token?: string; expires_in?: number } | undefined;
    if (res.status !== 200 || !body?.access_token) throw new TicketSystemError(`ServiceNow refused the OAuth client (${res.status})`, res.status);
    // Renew a minute early so a token never expires between check and use.
    return { value: body.access_token, expires: Date.now() + Math.max(60, (body.expires_in ?? 1800) - 60) * 1000 };
  }
}
