/** Who an audit entry says acted: the bot itself, PIM, a verified person, or the automation approver. */
import type { Actor } from '../audit/index.js';

export const SERVICE_ACTOR: Actor = { type: 'service', id: 'pim-copilot', name: 'PIM Copilot' };
export const PIM_ACTOR: Actor = { type: 'system', id: 'entra-pim', name: 'Microsoft Entra PIM' };

/** A person by verified Entra object id (never a value from card data). */
export function personActor(id: string, name?: string): Actor {
  return name ? { type: 'user', id, name } : { type: 'user', id };
}

export function automationActor(id: string, name?: string): Actor {
  return name ? { type: 'automation', id, name } : { type: 'automation', id };
}
