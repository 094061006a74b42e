/** Prompts of the LLM planner (teams-ai PromptManager layout: one folder per prompt with
 *  skprompt.txt, config.json and actions.json); the actions they name are src/bot/actions. */
import { fileURLToPath } from 'node:url';

/** Where the prompt folders are, in the source tree and in a build (copied there as assets). */
export const PROMPTS_FOLDER = fileURLToPath(new URL('.', import.meta.url));

/** The conversation's prompt. */
export const CONVERSATION_PROMPT = 'pim-copilot';
