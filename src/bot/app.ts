/**
 * The Teams AI application: routes, state on the project's database, and the adapter that speaks
 * the Bot Framework protocol. Without an app id the adapter runs unauthenticated (local mode).
 */
import { ActivityTypes, ConfigurationServiceClientCredentialFactory, TurnContext, type Storage } from 'botbuilder';
import { Application, TeamsAdapter, type DefaultConversationState, type TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { GraphWiring } from '../graph-wiring.js';
import type { Database } from '../store/db.js';
import type { JobQueue } from '../store/jobs.js';
import { AuditTrail } from '../audit/index.js';
import { startAuditJobs } from '../audit/jobs.js';
import { registerOversightActions } from '../oversight/end-activation.js';
import { alertDigestNotifier, alertNotifier, startOversightJobs } from '../oversight/jobs.js';
import { registerApprovalActions, TeamsMessenger } from '../workflow/index.js';
import { saveConversationReference } from './conversation-refs.js';
import { registerConversation } from './conversation.js';
import { WELCOME_TEXT } from './help.js';
import { teamsSso } from './sso.js';
import { answerBadTokensWith401, tokenSettings } from './bot-auth.js';

export type AppState = TurnState<DefaultConversationState>;

export interface BotDeps {
  config: Config;
  db: Database;
  storage: Storage;
  log: Logger;
  jobs: JobQueue;
  /** Microsoft Graph (or the sandbox) through the PIM gateway. */
  graph: GraphWiring;
}

export function createAdapter(config: Config, log: Logger): TeamsAdapter {
  const settings =
    config.bot.mode === 'local'
      ? {}
      : {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword,
          MicrosoftAppType: config.bot.appType,
          MicrosoftAppTenantId: config.bot.appTenantId,
          // Where the keys that sign incoming tokens are published, when not the public cloud's usual place.
          ...tokenSettings(config.bot.openIdMetadataUrl),
        };
  const adapter = new TeamsAdapter(settings, new ConfigurationServiceClientCredentialFactory(settings));
  answerBadTokensWith401(adapter);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity.type, conversation: context.activity.conversation?.id }, 'turn failed');
    if (context.activity.type === ActivityTypes.Message) {
      await context
        .sendActivity('Sorry, something went wrong on my side. Nothing was changed in PIM; please try again in a moment.')
        .catch(() => undefined);
    }
  };
  return adapter;
}

export function createBotApp(adapter: TeamsAdapter, deps: BotDeps): Application<AppState> {
  const sso = teamsSso(deps.config);
  if (!sso.enabled) deps.log.debug({ reason: sso.reason }, 'Teams SSO is off');
  const app = new Application<AppState>({
    adapter,
    botAppId: deps.config.bot.mode === 'local' ? '' : deps.config.bot.appId,
    storage: deps.storage,
    removeRecipientMention: true,
    startTypingTimer: false,
    // Teams SSO only with a real tenant and app registration (see sso.ts); the sandbox stands in offline.
    ...(sso.enabled ? { authentication: sso.options } : {}),
  });

  // Remember where each person talks to us, for approval cards and notices sent later.
  app.turn('beforeTurn', async (context) => {
    const aadObjectId = context.activity.from?.aadObjectId;
    if (aadObjectId) {
      await saveConversationReference(deps.db, TurnContext.getConversationReference(context.activity), aadObjectId);
    }
    return true;
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const added = context.activity.membersAdded ?? [];
    if (added.some((m) => m.id !== botId)) await context.sendActivity(WELCOME_TEXT);
  });

  // People's messages in plain language, the request form and status cards (conversation.ts).
  const conversation = registerConversation(app, adapter, deps);
  // Approval cards: Approve/Deny as the approver, and the jobs that triage and deliver (src/workflow).
  registerApprovalActions(app, deps);
  // Oversight: the alert card's "End activation" button, and the audit-log poll that posts alerts.
  const oversightTrail = new AuditTrail(deps.db, { logger: deps.log });
  registerOversightActions(app, { db: deps.db, pim: deps.graph.pim, trail: oversightTrail, securityAdminGroupId: deps.config.oversight.securityAdminGroupId, log: deps.log });
  const messenger = new TeamsMessenger({ adapter, botAppId: deps.config.bot.mode === 'local' ? '' : deps.config.bot.appId, tenantId: deps.graph.identity.tenantId });
  const alertPosting = { trail: oversightTrail, log: deps.log, channelId: deps.config.oversight.securityChannelId, messenger, serviceUrl: deps.config.workflow.botServiceUrl };
  void startOversightJobs({
    jobs: deps.jobs,
    db: deps.db,
    pim: deps.graph.pim,
    log: deps.log,
    config: deps.config,
    now: deps.graph.sandbox ? () => deps.graph.sandbox!.clock.now() : undefined,
    notify: alertNotifier(alertPosting),
    digest: alertDigestNotifier(alertPosting),
  }).catch((err: unknown) => deps.log.error({ err }, 'oversight jobs did not start'));
  // Governance: the weekly drift report card and the trail's retention pass (src/audit/jobs.ts).
  void startAuditJobs({
    jobs: deps.jobs,
    db: deps.db,
    log: deps.log,
    config: deps.config,
    messenger,
    serviceUrl: deps.config.workflow.botServiceUrl,
  }).catch((err: unknown) => deps.log.error({ err }, 'audit jobs did not start'));
  app.activity(ActivityTypes.Message, async (context, state) => {
    await conversation.onMessage(context, state);
  });

  return app;
}
