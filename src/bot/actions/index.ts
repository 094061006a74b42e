/** The conversation's actions: one set, shared by the local planner and the LLM planner
 *  (whose tool definitions, `src/prompts/pim-copilot/actions.json`, use the same names and parameters). */
import { AI } from '@microsoft/teams-ai';
import { z } from 'zod';
import type { AppState } from '../app.js';
import { explainFailure, failureText } from '../failures.js';
import { turnOf, type ConversationServices, type Turn } from '../turn.js';
import { activateRole } from './activate.js';
import { cancelRequest } from './cancel.js';
import { deactivateRole } from './deactivate.js';
import { explainRequest } from './explain.js';
import { extendRole } from './extend.js';
import { showRequestForm } from './form.js';
import { showHelp } from './help.js';
import { listActiveRoles } from './list-active.js';
import { listEligibleRoles } from './list-eligible.js';
import { recommendRole } from './recommend.js';
import { requestStatus } from './status.js';

export { submitRequestForm } from './form.js';
export { showStatusCard } from './activate.js';

const text = (max: number) =>
  z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? undefined : String(v).trim().slice(0, max) || undefined));
const flag = z.union([z.boolean(), z.string()]).nullish().transform((v) => v === true || v === 'true');

const person = { person: text(200), personId: text(100) };

/** Parameters as the planners send them; anything else a model adds is dropped. */
const PARAMS = {
  listEligibleRoles: z.object(person),
  listActiveRoles: z.object(person),
  activateRole: z.object({ role: text(200), roleId: text(100), duration: text(100), justification: text(1000), ticket: text(100), confirmed: flag, fresh: flag, person: text(200) }),
  requestStatus: z.object({ ...person, role: text(200) }),
  cancelRequest: z.object({ role: text(200), requestId: text(100), person: text(200) }),
  deactivateRole: z.object({ role: text(200), person: text(200) }),
  extendRole: z.object({ role: text(200), duration: text(100), justification: text(1000), person: text(200) }),
  recommendRole: z.object({ task: text(500) }),
  explainRequest: z.object({ ...person, role: text(200), requestId: text(100), failure: flag }),
  showRequestForm: z.object({ role: text(200) }),
  showHelp: z.object({}),
} as const;

export type ActionName = keyof typeof PARAMS;
export type ActionParams<N extends ActionName> = z.input<(typeof PARAMS)[N]>;

const HANDLERS: { [N in ActionName]: (turn: Turn, params: z.output<(typeof PARAMS)[N]>) => Promise<string> } = {
  listEligibleRoles,
  listActiveRoles,
  activateRole,
  requestStatus,
  cancelRequest,
  deactivateRole,
  extendRole,
  recommendRole,
  explainRequest,
  showRequestForm,
  showHelp,
};

export const ACTION_NAMES = Object.keys(PARAMS) as ActionName[];

/** Runs one action; a failure is explained to the person and summarised for the planner. */
export async function runAction(turn: Turn, name: ActionName, params: unknown): Promise<string> {
  const parsed = PARAMS[name].safeParse(params ?? {});
  if (!parsed.success) return `Invalid parameters for ${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`;
  try {
    return await (HANDLERS[name] as (t: Turn, p: unknown) => Promise<string>)(turn, parsed.data);
  } catch (err) {
    turn.log.warn({ err, action: name }, 'conversation action failed');
    await turn.say(failureText('Sorry, that didn’t work.', explainFailure(err))).catch(() => undefined);
    return `The action failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Registers every action with a teams-ai AI. */
export function registerActions(ai: AI<AppState>, services: ConversationServices): void {
  for (const name of ACTION_NAMES) {
    ai.action(name, async (context, state, params) => runAction(turnOf(context, state, services), name, params));
  }
}
