/** Help: what the bot can do, with examples. */
import { HELP_TEXT } from '../help.js';
import type { Turn } from '../turn.js';

export async function showHelp(turn: Turn): Promise<string> {
  await turn.say(HELP_TEXT);
  return 'Help shown.';
}
