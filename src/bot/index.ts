/** The Teams bot: the teams-ai Application and its adapter, the conversation (two planners over one
 *  set of PIM actions, request form and status cards), and who is speaking (delegated Graph, Teams SSO). */
export { createAdapter, createBotApp, type AppState, type BotDeps } from './app.js';
export { registerConversation, type Conversation } from './conversation.js';
export { ACTION_NAMES, runAction, type ActionName } from './actions/index.js';
export { LocalPlanner } from './planners/local-planner.js';
export { createLlmPlanner } from './planners/llm-planner.js';
export { STATUS_CARDS_JOB } from './status-cards.js';
export { teamsSso, SSO_SCOPES, type SsoSetup } from './sso.js';
export { serveSignInPages, signInPages } from './sign-in-pages.js';
export { createUserGraph, SSO_SETTING, type UserGraph, type UserGraphResult } from './user-graph.js';
export { HELP_TEXT, WELCOME_TEXT } from './help.js';
