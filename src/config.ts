/**
 * Settings: one zod schema for every environment variable the service reads. `loadConfig` either
 * returns a complete, consistent configuration or a list of problems, one plain line each.
 */
import { join } from 'node:path';
import { z } from 'zod';

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), 'must be true or false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce
  .number({ invalid_type_error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const httpUrl = z
  .string()
  .trim()
  .url('must be a URL such as https://host/path')
  .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://');

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');

const positiveInt = z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0');

const share = z.coerce.number({ invalid_type_error: 'must be a number' }).gt(0, 'must be greater than 0').max(1, 'must be at most 1');

/** The raw environment, variable by variable. Empty strings count as unset. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // HTTP
  PORT: port.default(3978),
  HOST: z.string().trim().min(1).optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  TRUSTED_PROXY_HOPS: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').max(5, 'must be at most 5').default(0),

  // State
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//i.test(v), 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  DATABASE_POOL_MAX: positiveInt.max(100, 'must be at most 100').default(10),

  // Bot Framework (Azure Bot Service). Without an app id the bot runs in local mode, unauthenticated.
  MicrosoftAppId: guid.optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: guid.optional(),
  BOT_OPENID_METADATA_URL: httpUrl.optional(),

  // Microsoft Graph and Entra ID. Without a tenant the local sandbox tenant is used.
  AAD_TENANT_ID: guid.optional(),
  AAD_CLIENT_ID: guid.optional(),
  AAD_CLIENT_SECRET: z.string().min(1).optional(),
  AAD_CERTIFICATE_PATH: z.string().trim().min(1).optional(),
  AAD_USE_MANAGED_IDENTITY: bool.default('false'),
  AAD_AUTHORITY_HOST: httpUrl.default('https://login.microsoftonline.com'),
  GRAPH_BASE_URL: httpUrl.default('https://graph.microsoft.com'),
  GRAPH_TIMEOUT_MS: positiveInt.default(30_000),
  GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10, 'must be at most 10').default(5),

  // Local sandbox tenant (embedded default)
  SANDBOX: bool.optional(),
  SANDBOX_TENANT_FILE: z.string().trim().min(1).optional(),
  SANDBOX_PORT: port.default(5100),
  SANDBOX_CLIENT_SECRET: z.string().min(1).default('sandbox'),
  SANDBOX_USER_PASSWORD: z.string().min(1).default('sandbox'),

  // Language model (optional): OpenAI, Azure OpenAI, or any OpenAI-compatible endpoint.
  LLM_PROVIDER: z.enum(['none', 'openai', 'azure-openai', 'openai-compatible']).default('none'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: httpUrl.optional(),
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  AZURE_OPENAI_ENDPOINT: httpUrl.optional(),
  AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
  AZURE_OPENAI_DEPLOYMENT: z.string().trim().min(1).optional(),
  AZURE_OPENAI_API_VERSION: z.string().trim().min(1).default('2024-10-21'),

  // Jobs
  INTAKE_POLL_SECONDS: positiveInt.max(3600, 'must be at most 3600').default(60),
  TRIAGE_TIMEOUT_SECONDS: positiveInt.max(3600, 'must be at most 3600').default(120),
  JOBS_MAINTENANCE_SECONDS: positiveInt.max(3600, 'must be at most 3600').default(60),
  PIM_EVENTS_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),

  // Audit trail retention and the override and drift report
  AUDIT_RETENTION_DAYS: positiveInt.optional(),
  AUDIT_ARCHIVE_DIR: z.string().trim().min(1).optional(),
  REPORT_CHANNEL_ID: z.string().trim().min(1).optional(),
  REPORT_WINDOW_WEEKS: positiveInt.max(52, 'must be at most 52').default(8),
  REPORT_DRIFT_SCORE_THRESHOLD: share.default(0.25),
  REPORT_DRIFT_AGREEMENT_THRESHOLD: share.default(0.2),
  REPORT_DRIFT_MIN_REQUESTS: positiveInt.default(5),

  // Conversation: who may ask about other people, which planner reads messages, where Teams SSO signs in
  HELPDESK_GROUP_ID: guid.optional(),
  BOT_PLANNER: z.enum(['auto', 'local', 'llm']).default('auto'),
  BOT_ENDPOINT: httpUrl.optional(),

  // Approval workflow: rollout per role, the automation approver, escalation, proactive delivery in Teams
  ROLLOUT_MODE_DEFAULT: z.enum(['observe', 'assist', 'auto']).default('assist'),
  ROLLOUT_MODES: z.string().trim().min(1).optional(),
  AUTOMATION_APPROVER_UPN: z.string().trim().email('must be a user principal name such as pim-automation@contoso.com').optional(),
  TOKEN_CACHE_KEY: z
    .string()
    .trim()
    .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes in base64 (make one with: openssl rand -base64 32)')
    .optional(),
  ESCALATION_AFTER_MINUTES: positiveInt.max(1440, 'must be at most 1440 (PIM closes approvals after 24 hours)').default(120),
  ESCALATION_CHANNEL_ID: z.string().trim().min(1).optional(),
  TEAMS_APP_ID: guid.optional(),
  BOT_SERVICE_URL: httpUrl.default('https://smba.trafficmanager.net/teams/'),

  // Ticket systems triage checks cited tickets against (ServiceNow, Jira); stand-ins in sandbox mode
  SERVICENOW_INSTANCE_URL: httpUrl.optional(),
  SERVICENOW_USERNAME: z.string().trim().min(1).optional(),
  SERVICENOW_PASSWORD: z.string().min(1).optional(),
  SERVICENOW_CLIENT_ID: z.string().trim().min(1).optional(),
  SERVICENOW_CLIENT_SECRET: z.string().min(1).optional(),
  JIRA_BASE_URL: httpUrl.optional(),
  JIRA_EMAIL: z.string().trim().email('must be the email of the Jira account the API token belongs to').optional(),
  JIRA_API_TOKEN: z.string().min(1).optional(),
  JIRA_API_VERSION: z.enum(['2', '3']).default('3'),
  JIRA_PROJECTS: z.string().trim().min(1).optional(),
  JIRA_CHANGE_WINDOW_FIELDS: z
    .string()
    .trim()
    .regex(/^[\w-]+\s*,\s*[\w-]+$/, 'must be two field ids, start then end, such as customfield_10060,customfield_10061')
    .optional(),
  TICKET_TIMEOUT_MS: positiveInt.max(30_000, 'must be at most 30000').default(3000),
  TICKET_CACHE_SECONDS: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(3600, 'must be at most 3600').default(120),
  TICKET_STANDINS: bool.default('true'),
  SERVICENOW_STANDIN_PORT: port.default(0),
  JIRA_STANDIN_PORT: port.default(0),

  // Oversight: the audit-log poll, where its alerts go, who may end an activation from one
  SECURITY_ADMIN_GROUP_ID: guid.optional(),
  SECURITY_CHANNEL_ID: z.string().trim().min(1).optional(),
  BREAK_GLASS_GROUP_ID: guid.optional(),
  BREAK_GLASS_SIGN_IN_ALERTS: bool.default('true'),
  OVERSIGHT_POLL_SECONDS: positiveInt.max(3600, 'must be at most 3600').default(300),

  // Observability: traces and metrics to Application Insights (OpenTelemetry) when set
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = connectionStringProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .optional(),
});

/**
 * What is wrong with an Application Insights connection string (`InstrumentationKey=<GUID>;
 * IngestionEndpoint=https://…;…` as the portal shows it), if anything. Never echoes the value.
 */
export function connectionStringProblem(value: string): string | undefined {
  const hint = "copy the connection string from the Application Insights resource's Overview page";
  const pairs = value.split(';').map((p) => p.trim()).filter(Boolean);
  const fields = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return `must be Key=value pairs separated by semicolons; ${hint}`;
    fields.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim());
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(fields.get('instrumentationkey') ?? '')) return `needs InstrumentationKey=<GUID>; ${hint}`;
  for (const [key, name] of [['ingestionendpoint', 'IngestionEndpoint'], ['liveendpoint', 'LiveEndpoint']] as const) {
    const url = fields.get(key);
    if (url !== undefined && !/^https?:\/\/[^\s/]+/i.test(url)) return `${name} must be an http(s) URL; ${hint}`;
  }
  return undefined;
}

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  /** `trustedProxyHops`: reverse proxies in front that append the client's address to X-Forwarded-For. */
  http: { host: string; port: number; shutdownTimeoutMs: number; trustedProxyHops: number };
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolMax: number };
  bot:
    | { mode: 'local' }
    | {
        mode: 'authenticated';
        appId: string;
        appPassword?: string;
        appType: Env['MicrosoftAppType'];
        appTenantId?: string;
        /** Where the keys that sign the Bot Framework's tokens are published; the public cloud's when unset. */
        openIdMetadataUrl?: string;
      };
  graph:
    | { mode: 'sandbox'; tenantFile?: string; port: number; clientSecret: string; userPassword: string }
    | {
        mode: 'tenant';
        tenantId: string;
        clientId: string;
        credential: { kind: 'secret'; secret: string } | { kind: 'certificate'; path: string } | { kind: 'managedIdentity' };
        authorityHost: string;
        baseUrl: string;
      };
  graphClient: { timeoutMs: number; maxRetries: number };
  llm:
    | { provider: 'none' }
    | { provider: 'openai' | 'openai-compatible'; apiKey?: string; baseUrl?: string; model: string }
    | { provider: 'azure-openai'; endpoint: string; apiKey?: string; deployment: string; apiVersion: string };
  /**
   * `triageTimeoutSeconds`: how long one triage may run before another instance takes the request
   * over (its claim's lease and its job's expiry); `maintenanceSeconds`: how often expired jobs are
   * looked for, so a dead instance's job is retried within the two added together (plus a retry delay).
   */
  jobs: { intakePollSeconds: number; triageTimeoutSeconds: number; maintenanceSeconds: number };
  pimEventsSecret?: string;
  /** Months older than retentionDays leave the database for verified JSON Lines in archiveDir; unset keeps all. */
  audit: { retentionDays?: number; archiveDir: string };
  report: { channelId?: string; windowWeeks: number; drift: { scoreShift: number; agreementShift: number; minRequests: number } };
  /**
   * Members of `helpdeskGroupId` may ask about other people's requests and roles. `planner` reads
   * messages: `local` (no network) or `llm` (the configured model). `botEndpoint` is the bot's public
   * base URL, where Teams SSO's sign-in pages are served.
   */
  conversation: { helpdeskGroupId?: string; planner: 'local' | 'llm'; botEndpoint?: string };
  /**
   * The approval workflow. `rollout.modes` maps a role (display name or id, lower-cased) to its mode;
   * tier-0 roles never auto-approve whatever it says. `botServiceUrl` reaches people who never wrote to the bot.
   */
  workflow: {
    rollout: { defaultMode: RolloutMode; modes: Record<string, RolloutMode> };
    automationApproverUpn?: string;
    /** AES-256-GCM key for the token caches kept in the database (the automation approver's sign-in). */
    tokenCacheKey?: Buffer;
    escalationAfterMinutes: number;
    escalationChannelId?: string;
    teamsAppId?: string;
    botServiceUrl: string;
  };
  /**
   * Ticket systems cited tickets are checked against, each only when configured; a check takes at
   * most `timeoutMs` and its answer is kept `cacheSeconds`. In sandbox mode, `standIns` starts local
   * ServiceNow and Jira stand-ins, seeded from the sandbox tenant, for the systems not configured.
   */
  tickets: {
    timeoutMs: number;
    cacheSeconds: number;
    serviceNow?: {
      instanceUrl: string;
      auth: { kind: 'basic'; username: string; password: string } | { kind: 'oauth'; clientId: string; clientSecret: string; username?: string; password?: string };
    };
    jira?: { baseUrl: string; apiVersion: 2 | 3; email?: string; apiToken: string; projects: string[]; windowFields?: { start: string; end: string } };
    standIns: { enabled: boolean; serviceNowPort: number; jiraPort: number };
  };
  /**
   * Oversight of privileged sessions: the logs are polled every `pollSeconds` (cron: whole minutes),
   * alerts go to `securityChannelId`, members of `securityAdminGroupId` may end an activation from
   * one, and members of `breakGlassGroupId` are watched as emergency accounts.
   */
  oversight: { pollSeconds: number; securityAdminGroupId?: string; securityChannelId?: string; breakGlassGroupId?: string; breakGlassSignInAlerts: boolean };
  /** Where traces and metrics go besides /metrics: Application Insights, when its connection string is set. */
  telemetry: { appInsightsConnectionString?: string };
}

export type RolloutMode = 'observe' | 'assist' | 'auto';

/** `Exchange Administrator=auto, Global Administrator=assist` → a map by lower-cased role; problems are collected. */
export function parseRolloutModes(text: string | undefined, problems: string[]): Record<string, RolloutMode> {
  const out: Record<string, RolloutMode> = {};
  for (const part of (text ?? '').split(/[,;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*=\s*(observe|assist|auto)$/i.exec(part);
    if (!m) {
      problems.push(`ROLLOUT_MODES: '${part}' is not ROLE=observe|assist|auto`);
      continue;
    }
    out[m[1]!.trim().toLowerCase()] = m[2]!.toLowerCase() as RolloutMode;
  }
  return out;
}

/** The ticket systems' settings; half-given credentials are problems, not silently unused. */
export function ticketSettings(e: Env, problems: string[]): Config['tickets'] {
  let serviceNow: Config['tickets']['serviceNow'];
  const basic = Boolean(e.SERVICENOW_USERNAME || e.SERVICENOW_PASSWORD);
  const oauth = Boolean(e.SERVICENOW_CLIENT_ID || e.SERVICENOW_CLIENT_SECRET);
  if (e.SERVICENOW_USERNAME && !e.SERVICENOW_PASSWORD) problems.push('SERVICENOW_PASSWORD: required when SERVICENOW_USERNAME is set');
  if (e.SERVICENOW_PASSWORD && !e.SERVICENOW_USERNAME) problems.push('SERVICENOW_USERNAME: required when SERVICENOW_PASSWORD is set');
  if (e.SERVICENOW_CLIENT_ID && !e.SERVICENOW_CLIENT_SECRET) problems.push('SERVICENOW_CLIENT_SECRET: required when SERVICENOW_CLIENT_ID is set');
  if (e.SERVICENOW_CLIENT_SECRET && !e.SERVICENOW_CLIENT_ID) problems.push('SERVICENOW_CLIENT_ID: required when SERVICENOW_CLIENT_SECRET is set');
  if (e.SERVICENOW_INSTANCE_URL) {
    if (!basic && !oauth) problems.push('SERVICENOW_INSTANCE_URL: needs SERVICENOW_USERNAME and SERVICENOW_PASSWORD, or SERVICENOW_CLIENT_ID and SERVICENOW_CLIENT_SECRET');
    const account = e.SERVICENOW_USERNAME && e.SERVICENOW_PASSWORD ? { username: e.SERVICENOW_USERNAME, password: e.SERVICENOW_PASSWORD } : {};
    serviceNow = {
      instanceUrl: e.SERVICENOW_INSTANCE_URL.replace(/\/+$/, ''),
      auth: oauth
        ? { kind: 'oauth', clientId: e.SERVICENOW_CLIENT_ID ?? '', clientSecret: e.SERVICENOW_CLIENT_SECRET ?? '', ...account }
        : { kind: 'basic', username: e.SERVICENOW_USERNAME ?? '', password: e.SERVICENOW_PASSWORD ?? '' },
    };
  } else if (basic || oauth) {
    problems.push('SERVICENOW_INSTANCE_URL: required when ServiceNow credentials are set');
  }
  let jira: Config['tickets']['jira'];
  if (e.JIRA_BASE_URL) {
    if (!e.JIRA_API_TOKEN) problems.push('JIRA_API_TOKEN: required when JIRA_BASE_URL is set');
    const [start, end] = (e.JIRA_CHANGE_WINDOW_FIELDS ?? '').split(',').map((f) => f.trim());
    jira = {
      baseUrl: e.JIRA_BASE_URL.replace(/\/+$/, ''),
      apiVersion: e.JIRA_API_VERSION === '2' ? 2 : 3,
      email: e.JIRA_EMAIL,
      apiToken: e.JIRA_API_TOKEN ?? '',
      projects: (e.JIRA_PROJECTS ?? '').split(/[,;\s]+/).map((p) => p.trim().toUpperCase()).filter(Boolean),
      windowFields: start && end ? { start, end } : undefined,
    };
  } else if (e.JIRA_API_TOKEN || e.JIRA_EMAIL) {
    problems.push('JIRA_BASE_URL: required when JIRA_API_TOKEN or JIRA_EMAIL is set');
  }
  return {
    timeoutMs: e.TICKET_TIMEOUT_MS,
    cacheSeconds: e.TICKET_CACHE_SECONDS,
    serviceNow,
    jira,
    standIns: { enabled: e.TICKET_STANDINS, serviceNowPort: e.SERVICENOW_STANDIN_PORT, jiraPort: e.JIRA_STANDIN_PORT },
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values must never be printed. */
export const SECRET_VARIABLES = new Set([
  'MicrosoftAppPassword',
  'AAD_CLIENT_SECRET',
  'SANDBOX_CLIENT_SECRET',
  'SANDBOX_USER_PASSWORD',
  'OPENAI_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'PIM_EVENTS_SECRET',
  'TOKEN_CACHE_KEY',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'DATABASE_URL',
  'SERVICENOW_PASSWORD',
  'SERVICENOW_CLIENT_SECRET',
  'JIRA_API_TOKEN',
]);

function cleanEnv(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

/** Reads and checks the environment; throws ConfigError listing every problem at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = cleanEnv(source);
  const parsed = envSchema.safeParse(raw);
  const problems: string[] = [];
  // Variables with a bad value; checks across variables skip them so each problem is said once.
  const bad = new Set<string>();
  let e: Env;
  if (parsed.success) {
    e = parsed.data;
  } else {
    // A secret's value is never echoed: zod messages here describe the rule, not the input.
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      bad.add(name);
      problems.push(`${name}: ${issue.message}`);
    }
    e = envSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))));
  }
  const schemaProblems = problems.length;

  // Bot Framework authentication
  let bot: Config['bot'] = { mode: 'local' };
  if (e.MicrosoftAppId) {
    if (e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
      problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI)');
    }
    if (e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${e.MicrosoftAppType}`);
    }
    bot = {
      mode: 'authenticated',
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      appTenantId: e.MicrosoftAppTenantId,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    };
  } else if (e.MicrosoftAppPassword) {
    problems.push('MicrosoftAppId: required when MicrosoftAppPassword is set');
  }
  if (e.BOT_OPENID_METADATA_URL && !e.MicrosoftAppId) problems.push('BOT_OPENID_METADATA_URL: only applies with MicrosoftAppId (local mode checks no tokens)');

  // Graph: a real tenant, or the sandbox
  const tenantConfigured = Boolean(e.AAD_TENANT_ID || e.AAD_CLIENT_ID || e.AAD_CLIENT_SECRET || e.AAD_CERTIFICATE_PATH);
  let graph: Config['graph'];
  if (tenantConfigured && e.SANDBOX === true) {
    problems.push('SANDBOX: cannot be true while AAD_TENANT_ID/AAD_CLIENT_ID are set; unset one or the other');
  }
  if (tenantConfigured) {
    if (!e.AAD_TENANT_ID) problems.push('AAD_TENANT_ID: required when AAD_CLIENT_ID or a client credential is set');
    if (!e.AAD_CLIENT_ID) problems.push('AAD_CLIENT_ID: required when AAD_TENANT_ID is set');
    const kinds = [e.AAD_CLIENT_SECRET, e.AAD_CERTIFICATE_PATH, e.AAD_USE_MANAGED_IDENTITY || undefined].filter(Boolean).length;
    if (kinds === 0) {
      problems.push('AAD_CLIENT_SECRET: one app credential is required: AAD_CLIENT_SECRET, AAD_CERTIFICATE_PATH or AAD_USE_MANAGED_IDENTITY=true');
    } else if (kinds > 1) {
      problems.push('AAD_CLIENT_SECRET: set only one of AAD_CLIENT_SECRET, AAD_CERTIFICATE_PATH, AAD_USE_MANAGED_IDENTITY');
    }
    const credential: Extract<Config['graph'], { mode: 'tenant' }>['credential'] = e.AAD_CLIENT_SECRET
      ? { kind: 'secret', secret: e.AAD_CLIENT_SECRET }
      : e.AAD_CERTIFICATE_PATH
        ? { kind: 'certificate', path: e.AAD_CERTIFICATE_PATH }
        : { kind: 'managedIdentity' };
    graph = {
      mode: 'tenant',
      tenantId: e.AAD_TENANT_ID ?? '',
      clientId: e.AAD_CLIENT_ID ?? '',
      credential,
      authorityHost: e.AAD_AUTHORITY_HOST,
      baseUrl: e.GRAPH_BASE_URL,
    };
  } else {
    if (e.SANDBOX === false) {
      problems.push('SANDBOX: is false but no tenant is configured; set AAD_TENANT_ID, AAD_CLIENT_ID and a credential');
    }
    graph = {
      mode: 'sandbox',
      tenantFile: e.SANDBOX_TENANT_FILE,
      port: e.SANDBOX_PORT,
      clientSecret: e.SANDBOX_CLIENT_SECRET,
      userPassword: e.SANDBOX_USER_PASSWORD,
    };
  }
  if (e.NODE_ENV === 'production' && graph.mode === 'sandbox') {
    problems.push('NODE_ENV: production needs a real tenant (AAD_TENANT_ID, AAD_CLIENT_ID, credential), not the sandbox');
  }
  if (e.NODE_ENV === 'production' && bot.mode === 'local') {
    problems.push('NODE_ENV: production needs MicrosoftAppId so that incoming Bot Framework tokens are validated');
  }

  // Language model
  let llm: Config['llm'] = { provider: 'none' };
  if (e.LLM_PROVIDER === 'openai') {
    if (!e.OPENAI_API_KEY) problems.push('OPENAI_API_KEY: required when LLM_PROVIDER=openai');
    llm = { provider: 'openai', apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL };
  } else if (e.LLM_PROVIDER === 'openai-compatible') {
    if (!e.OPENAI_BASE_URL) problems.push('OPENAI_BASE_URL: required when LLM_PROVIDER=openai-compatible');
    llm = { provider: 'openai-compatible', apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL };
  } else if (e.LLM_PROVIDER === 'azure-openai') {
    if (!e.AZURE_OPENAI_ENDPOINT) problems.push('AZURE_OPENAI_ENDPOINT: required when LLM_PROVIDER=azure-openai');
    if (!e.AZURE_OPENAI_DEPLOYMENT) problems.push('AZURE_OPENAI_DEPLOYMENT: required when LLM_PROVIDER=azure-openai');
    llm = {
      provider: 'azure-openai',
      endpoint: e.AZURE_OPENAI_ENDPOINT ?? '',
      apiKey: e.AZURE_OPENAI_API_KEY,
      deployment: e.AZURE_OPENAI_DEPLOYMENT ?? '',
      apiVersion: e.AZURE_OPENAI_API_VERSION,
    };
  } else if (e.OPENAI_API_KEY || e.AZURE_OPENAI_ENDPOINT) {
    problems.push('LLM_PROVIDER: a model endpoint or key is set but LLM_PROVIDER is none; set LLM_PROVIDER or remove them');
  }

  // Conversation
  if (e.BOT_PLANNER === 'llm' && llm.provider === 'none') problems.push('BOT_PLANNER: llm needs a language model; set LLM_PROVIDER (or use auto or local)');
  const conversation: Config['conversation'] = {
    helpdeskGroupId: e.HELPDESK_GROUP_ID,
    planner: e.BOT_PLANNER === 'local' || (e.BOT_PLANNER === 'auto' && llm.provider === 'none') ? 'local' : 'llm',
    botEndpoint: e.BOT_ENDPOINT?.replace(/\/+$/, ''),
  };

  // Approval workflow
  const workflow: Config['workflow'] = {
    rollout: { defaultMode: e.ROLLOUT_MODE_DEFAULT, modes: parseRolloutModes(e.ROLLOUT_MODES, problems) },
    automationApproverUpn: e.AUTOMATION_APPROVER_UPN,
    tokenCacheKey: e.TOKEN_CACHE_KEY ? Buffer.from(e.TOKEN_CACHE_KEY, 'base64') : undefined,
    escalationAfterMinutes: e.ESCALATION_AFTER_MINUTES,
    escalationChannelId: e.ESCALATION_CHANNEL_ID,
    teamsAppId: e.TEAMS_APP_ID,
    botServiceUrl: e.BOT_SERVICE_URL,
  };

  // Ticket systems
  const tickets = ticketSettings(e, problems);

  const reported = problems.filter((p, i) => i < schemaProblems || !bad.has(p.split(':')[0]!));
  if (reported.length) throw new ConfigError(reported);

  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    // Unauthenticated local mode listens on loopback only; hosted mode on every interface.
    http: { host: e.HOST ?? (bot.mode === 'local' ? '127.0.0.1' : '0.0.0.0'), port: e.PORT, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS, trustedProxyHops: e.TRUSTED_PROXY_HOPS },
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir: e.DATA_DIR },
    bot,
    graph,
    graphClient: { timeoutMs: e.GRAPH_TIMEOUT_MS, maxRetries: e.GRAPH_MAX_RETRIES },
    llm,
    jobs: { intakePollSeconds: e.INTAKE_POLL_SECONDS, triageTimeoutSeconds: e.TRIAGE_TIMEOUT_SECONDS, maintenanceSeconds: e.JOBS_MAINTENANCE_SECONDS },
    pimEventsSecret: e.PIM_EVENTS_SECRET,
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS, archiveDir: e.AUDIT_ARCHIVE_DIR ?? join(e.DATA_DIR, 'audit-archive') },
    report: {
      channelId: e.REPORT_CHANNEL_ID,
      windowWeeks: e.REPORT_WINDOW_WEEKS,
      drift: { scoreShift: e.REPORT_DRIFT_SCORE_THRESHOLD, agreementShift: e.REPORT_DRIFT_AGREEMENT_THRESHOLD, minRequests: e.REPORT_DRIFT_MIN_REQUESTS },
    },
    conversation,
    workflow,
    tickets,
    oversight: {
      pollSeconds: e.OVERSIGHT_POLL_SECONDS,
      securityAdminGroupId: e.SECURITY_ADMIN_GROUP_ID,
      securityChannelId: e.SECURITY_CHANNEL_ID,
      breakGlassGroupId: e.BREAK_GLASS_GROUP_ID,
      breakGlassSignInAlerts: e.BREAK_GLASS_SIGN_IN_ALERTS,
    },
    telemetry: { appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
  };
}

/** A description of the settings that is safe to log: secrets are shown only as set or unset. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    env: config.env,
    http: config.http,
    database: config.database.kind === 'postgres' ? { kind: 'postgres', url: redactUrl(config.database.url) } : config.database,
    bot: config.bot.mode === 'local' ? config.bot : { mode: config.bot.mode, appId: config.bot.appId, appType: config.bot.appType },
    graph:
      config.graph.mode === 'sandbox'
        ? { mode: 'sandbox', tenantFile: config.graph.tenantFile ?? '(demo tenant)', port: config.graph.port }
        : { mode: 'tenant', tenantId: config.graph.tenantId, clientId: config.graph.clientId, credential: config.graph.credential.kind, baseUrl: config.graph.baseUrl },
    llm: { provider: config.llm.provider },
    jobs: config.jobs,
    pimEventsSecret: config.pimEventsSecret ? 'set' : 'unset',
    telemetry: config.telemetry.appInsightsConnectionString ? 'Application Insights' : 'off',
    tickets: {
      serviceNow: config.tickets.serviceNow ? { instanceUrl: redactUrl(config.tickets.serviceNow.instanceUrl), auth: config.tickets.serviceNow.auth.kind } : 'unset',
      jira: config.tickets.jira ? { baseUrl: redactUrl(config.tickets.jira.baseUrl), auth: config.tickets.jira.email ? 'api token' : 'personal access token' } : 'unset',
      timeoutMs: config.tickets.timeoutMs,
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable]';
  }
}
