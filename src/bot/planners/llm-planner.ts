/**
 * The LLM planner: teams-ai's ActionPlanner with the configured chat model and the prompt in
 * src/prompts, whose tools are the same actions the local planner uses.
 */
import { ActionPlanner, PromptManager } from '@microsoft/teams-ai';
import { CONVERSATION_PROMPT, PROMPTS_FOLDER } from '../../prompts/index.js';
import type { AppState } from '../app.js';
import { currentDraft, type ActivationDraft } from '../dialogue.js';
import { durationInWords } from '../words.js';

/** The request being built, for the model: what is known and which question is open. */
export function describeDraft(draft: ActivationDraft | undefined): string {
  if (!draft) return 'none';
  const known = [
    draft.roleName && `role ${draft.roleName}`,
    draft.duration && `duration ${durationInWords(draft.duration)}`,
    draft.justification && 'a justification',
    draft.ticket && `ticket ${draft.ticket}`,
  ].filter(Boolean);
  return `${known.length ? known.join(', ') : 'nothing yet'}${draft.awaiting ? `; waiting for the person's ${draft.awaiting.replace('confirm-justification', 'decision on the vague justification').replace('confirm-ticket', 'decision on the problems with the cited ticket')}` : ''}`;
}

export function createLlmPlanner(model: ActionPlanner<AppState>['model'], now: () => Date): ActionPlanner<AppState> {
  const prompts = new PromptManager({ promptsFolder: PROMPTS_FOLDER, max_history_messages: 12 });
  prompts.addFunction('now', async () => now().toISOString());
  prompts.addFunction('pendingRequest', async (context, memory) => describeDraft(currentDraft(memory as AppState, context.activity.from?.aadObjectId, now())));
  return new ActionPlanner<AppState>({ model, prompts, defaultPrompt: CONVERSATION_PROMPT, logRepairs: false });
}
