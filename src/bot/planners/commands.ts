/** Plan commands as the local planner builds them: DO one of the conversation's actions, or SAY a line. */
import type { PredictedDoCommand, PredictedSayCommand } from '@microsoft/teams-ai';
import type { ActionName, ActionParams } from '../actions/index.js';

export type Command = PredictedDoCommand | PredictedSayCommand;

export function doAction<N extends ActionName>(action: N, parameters: ActionParams<N>): PredictedDoCommand {
  // Absent slots stay absent: the action tells "not given" from "given as empty".
  const clean = Object.fromEntries(Object.entries(parameters as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return { type: 'DO', action, parameters: clean };
}

export function say(content: string): PredictedSayCommand {
  return { type: 'SAY', response: { role: 'assistant', content } };
}
