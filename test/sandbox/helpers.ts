/** Shared by the sandbox tests: the contoso snapshot (loaded once per file) and small HTTP helpers. */
import { loadSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export const CONTOSO = '/work/shared/eval/triage/contoso.json';
export const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  exchangeAdmin: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  teamsAdmin: '69091246-20e8-4a56-aa4d-066075b2a7a8',
};

let snapshot: Promise<TenantSnapshot> | undefined;
export const contoso = (): Promise<TenantSnapshot> => (snapshot ??= loadSnapshot(CONTOSO));

export async function contosoSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ snapshot: await contoso(), ...options });
}

export interface Reply {
  status: number;
  headers: Headers;
  // Replies are read field by field in assertions; typing every Graph shape here would add nothing.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(sb: Sandbox, method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sb.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export async function tokenReply(sb: Sandbox, form: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${sb.url}/${sb.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'tests', ...form }).toString(),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

export async function appToken(sb: Sandbox): Promise<string> {
  const r = await tokenReply(sb, { grant_type: 'client_credentials', client_secret: 'sandbox', scope: 'https://graph.microsoft.com/.default' });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body.access_token;
}

export async function userToken(sb: Sandbox, upn: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await tokenReply(sb, { grant_type: 'password', username: upn, password: 'sandbox', scope: 'https://graph.microsoft.com/.default', ...extra });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body.access_token;
}

export function userId(snap: TenantSnapshot, upn: string): string {
  const u = snap.users.find((x) => x.userPrincipalName === upn);
  if (!u?.id) throw new Error(`no user ${upn}`);
  return u.id;
}

export const REQUESTS = '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests';

export function activation(principalId: string, roleDefinitionId: string, options: { duration?: string; ticket?: boolean; justification?: string | null; start?: string } = {}) {
  const body: Record<string, unknown> = {
    action: 'selfActivate',
    principalId,
    roleDefinitionId,
    directoryScopeId: '/',
    scheduleInfo: { ...(options.start ? { startDateTime: options.start } : {}), expiration: { type: 'AfterDuration', duration: options.duration ?? 'PT2H' } },
  };
  if (options.justification !== null) body.justification = options.justification ?? 'Apply transport rule change approved at CAB';
  if (options.ticket !== false) body.ticketInfo = { ticketNumber: 'CHG0090001', ticketSystem: 'ServiceNow' };
  return body;
}
