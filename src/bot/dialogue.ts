/**
 * What the conversation remembers between turns, in conversation state (stored by the bot's
 * PostgresStorage): the activation request being built, the question the bot is waiting on, and the
 * last failure, so "why did that fail?" has an answer.
 */
import type { AppState } from './app.js';

/** A question the bot asked and is waiting to have answered. */
export type Awaiting = 'role' | 'duration' | 'justification' | 'ticket' | 'confirm-justification' | 'confirm-ticket';

export interface ActivationDraft {
  roleId?: string;
  roleName?: string;
  /** ISO 8601, e.g. PT2H. */
  duration?: string;
  justification?: string;
  ticket?: string;
  awaiting?: Awaiting;
  /** The vague-justification advice was given once; the next answer is taken as it is. */
  coached?: boolean;
  /** The person chose to submit a justification the bot found vague. */
  confirmed?: boolean;
  /** The request (role, duration, ticket) whose ticket problems were last pointed out. */
  ticketCoached?: string;
  /** The request the person chose to submit despite its ticket's problems. */
  ticketAccepted?: string;
  updatedAt: string;
}

export interface LastFailure {
  at: string;
  /** What was being done: activate, cancel, deactivate, extend. */
  action: string;
  roleName?: string;
  /** Graph's error code and message, and the rules a policy failure named. */
  code?: string;
  message: string;
  /** What the person can do about it. */
  next?: string;
  rules?: string[];
  requestId?: string;
}

/** What the conversation remembers for one person. */
export interface Dialogue {
  draft?: ActivationDraft;
  lastFailure?: LastFailure;
}

/**
 * Kept per speaker: in a group chat several people talk to the bot in one conversation, and one
 * person's answer must never complete another's request.
 */
interface StoredDialogues {
  dialogues?: Record<string, Dialogue>;
}

/** A draft untouched this long is forgotten: the person has moved on. */
export const DRAFT_TTL_MS = 30 * 60_000;

function stored(state: AppState): StoredDialogues {
  return state.conversation as AppState['conversation'] & StoredDialogues;
}

/** The speaker's part of the conversation state, created when first written to. */
export function dialogueOf(state: AppState, userId: string | undefined): Dialogue {
  const s = stored(state);
  const key = userId ?? 'unknown';
  s.dialogues ??= {};
  return (s.dialogues[key] ??= {});
}

/** The speaker's draft in progress, or undefined when there is none or it went stale. */
export function currentDraft(state: AppState, userId: string | undefined, now: Date): ActivationDraft | undefined {
  const dialogue = stored(state).dialogues?.[userId ?? 'unknown'];
  const draft = dialogue?.draft;
  if (!draft) return undefined;
  if (now.getTime() - Date.parse(draft.updatedAt) > DRAFT_TTL_MS) {
    delete dialogue.draft;
    return undefined;
  }
  return draft;
}

export function lastFailureOf(state: AppState, userId: string | undefined): LastFailure | undefined {
  return stored(state).dialogues?.[userId ?? 'unknown']?.lastFailure;
}

export function saveDraft(state: AppState, userId: string | undefined, draft: ActivationDraft, now: Date): void {
  dialogueOf(state, userId).draft = { ...draft, updatedAt: now.toISOString() };
}

export function dropDraft(state: AppState, userId: string | undefined): ActivationDraft | undefined {
  const dialogue = stored(state).dialogues?.[userId ?? 'unknown'];
  const old = dialogue?.draft;
  if (dialogue) delete dialogue.draft;
  return old;
}
