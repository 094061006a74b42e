/**
 * Jira over its REST API (v2 or v3): `GET /rest/api/{v}/issue/{key}`, with an API token (Cloud,
 * basic with the account's email) or a personal access token (Data Center, bearer). Change
 * windows and the change type live in custom fields, found by name unless the settings name them.
 */
import { basicAuth, requestJson, statusProblem, TicketSystemError } from './http.js';
import type { TicketConnector, TicketPerson, TicketRecord, TicketRole } from './facts.js';

export interface JiraSettings {
  baseUrl: string;
  apiVersion: 2 | 3;
  /** With an email, Cloud's basic API-token scheme; without, a Data Center personal access token. */
  email?: string;
  apiToken: string;
  /** Project keys to check; empty checks any key. */
  projects: string[];
  /** Custom field ids of the change window, when not found by name. */
  windowFields?: { start: string; end: string };
}

const KEY = /^([A-Z][A-Z0-9_]{1,9})-\d{1,7}$/;

/** Names Jira Service Management and common change schemes give the window and type fields. */
const START_NAMES = ['change start date', 'planned start', 'planned start date', 'change window start'];
const END_NAMES = ['change completion date', 'change end date', 'planned end', 'planned end date', 'change window end'];
const TYPE_NAMES = ['change type'];

const PEOPLE: Array<[field: string, role: TicketRole]> = [
  ['assignee', 'assignee'],
  ['reporter', 'reporter'],
  ['creator', 'creator'],
];

interface ChangeFields {
  start?: string;
  end?: string;
  type?: string;
}

type JiraUser = { displayName?: string; emailAddress?: string; name?: string; accountId?: string } | null | undefined;

/** The text of an Atlassian Document Format node (v3 descriptions), paragraphs on their own lines. */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  const inner = (n.content ?? []).map(adfText);
  const block = ['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote'].includes(n.type ?? '');
  return block ? `${inner.join('')}\n` : inner.join('');
}

/** Jira's date-times ("2026-11-18T09:00:00.000+0000") as ISO 8601 UTC. */
function isoOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : undefined;
}

function optionText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const v = value as { value?: string; name?: string } | null | undefined;
  return v?.value ?? v?.name ?? undefined;
}

export class JiraConnector implements TicketConnector {
  readonly system = 'Jira' as const;
  private readonly base: string;
  private readonly projects: Set<string>;
  private fields?: Promise<ChangeFields>;

  constructor(private readonly settings: JiraSettings) {
    this.base = settings.baseUrl.replace(/\/+$/, '');
    this.projects = new Set(settings.projects.map((p) => p.trim().toUpperCase()).filter(Boolean));
  }

  handles(number: string): boolean {
    const m = KEY.exec(number.toUpperCase());
    return Boolean(m && (this.projects.size === 0 || this.projects.has(m[1]!)));
  }

  async get(number: string, signal: AbortSignal): Promise<TicketRecord | null> {
    const key = number.toUpperCase();
    if (!KEY.test(key)) throw new TicketSystemError(`${number} is not a Jira issue key`);
    const change = await this.changeFields(signal);
    const wanted = ['summary', 'description', 'status', 'issuetype', 'assignee', 'reporter', 'creator', 'components', 'labels', change.start, change.end, change.type];
    const params = new URLSearchParams({ fields: wanted.filter(Boolean).join(',') });
    const res = await requestJson('Jira', `${this.api()}/issue/${encodeURIComponent(key)}?${params.toString()}`, { headers: this.headers(), signal });
    // Jira answers 404 both for no such issue and for one the account may not see.
    if (res.status === 404) return null;
    if (res.status !== 200) throw statusProblem('Jira', res.status);
    const issue = res.body as { key?: string; fields?: Record<string, unknown> } | undefined;
    if (!issue?.fields) throw new TicketSystemError('Jira answered without the issue fields');
    return this.record(issue.key ?? key, issue.fields, change);
  }

  private record(key: string, f: Record<string, unknown>, change: ChangeFields): TicketRecord {
    const status = f.status as { name?: string; statusCategory?: { key?: string } } | undefined;
    const issueType = (f.issuetype as { name?: string } | undefined)?.name ?? 'Issue';
    const people: TicketPerson[] = [];
    for (const [field, role] of PEOPLE) {
      const u = f[field] as JiraUser;
      if (!u) continue;
      people.push({ role, name: u.displayName, email: u.emailAddress || undefined, userName: u.name || undefined });
    }
    const changeType = change.type ? optionText(f[change.type]) : undefined;
    const labels = Array.isArray(f.labels) ? (f.labels as unknown[]).map(String) : [];
    const components = Array.isArray(f.components) ? (f.components as Array<{ name?: string }>).map((c) => c.name).filter((n): n is string => Boolean(n)) : [];
    const description = (this.settings.apiVersion === 3 ? adfText(f.description) : typeof f.description === 'string' ? f.description : adfText(f.description)).trim();
    const isChange = /change/i.test(issueType) || Boolean(changeType);
    return {
      number: key,
      system: 'Jira',
      type: issueType,
      kind: isChange ? 'change' : /incident/i.test(issueType) ? 'incident' : /request/i.test(issueType) ? 'request' : 'issue',
      shortDescription: typeof f.summary === 'string' ? f.summary : '',
      description: description || undefined,
      state: status?.name ?? 'Unknown',
      open: status?.statusCategory?.key !== 'done',
      plannedStart: change.start ? isoOf(f[change.start]) : undefined,
      plannedEnd: change.end ? isoOf(f[change.end]) : undefined,
      emergency: /emergency/i.test(changeType ?? '') || /emergency/i.test(issueType) || labels.some((l) => /^emergency/i.test(l)),
      people,
      configurationItem: components.length ? components.join(', ') : undefined,
      url: `${this.base}/browse/${encodeURIComponent(key)}`,
    };
  }

  /** The change-window and change-type field ids: from the settings, or looked up by name once. */
  private changeFields(signal: AbortSignal): Promise<ChangeFields> {
    if (this.fields) return this.fields;
    const configured = this.settings.windowFields;
    const pending = this.discover(signal).then((found) => (configured ? { ...found, start: configured.start, end: configured.end } : found));
    this.fields = pending;
    pending.catch(() => {
      if (this.fields === pending) this.fields = undefined;
    });
    return pending;
  }

  private async discover(signal: AbortSignal): Promise<ChangeFields> {
    const res = await requestJson('Jira', `${this.api()}/field`, { headers: this.headers(), signal });
    if (res.status !== 200 || !Array.isArray(res.body)) throw statusProblem('Jira', res.status);
    const fields = res.body as Array<{ id?: string; name?: string }>;
    const find = (names: string[]) => fields.find((f) => names.includes((f.name ?? '').trim().toLowerCase()))?.id;
    return { start: find(START_NAMES), end: find(END_NAMES), type: find(TYPE_NAMES) };
  }

  private api(): string {
    return `${this.base}/rest/api/${this.settings.apiVersion}`;
  }

  private headers(): Record<string, string> {
    const { email, apiToken } = this.settings;
    return { authorization: email ? basicAuth(email, apiToken) : `Bearer ${apiToken}` };
  }
}
