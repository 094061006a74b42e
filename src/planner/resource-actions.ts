/**
 * Entra resource actions ("microsoft.directory/users/password/update"): whether a role's action
 * covers one a task needs, and how much power an action grants, wildcards weighed.
 */

interface Action {
  namespace: string;
  entity: string;
  properties: string[];
  verb: string;
}

function parse(action: string): Action | null {
  const parts = action.trim().toLowerCase().split('/');
  if (parts.length < 3) return null;
  return { namespace: parts[0]!, entity: parts[1]!, properties: parts.slice(2, -1), verb: parts[parts.length - 1]! };
}

function isRead(verb: string): boolean {
  return verb === 'read';
}

function entityCovers(held: string, wanted: string): boolean {
  // "groups" holds "groups.unified"; "allEntities" holds everything.
  return held === 'allentities' || held === wanted || wanted.startsWith(`${held}.`);
}

/** True when holding `held` lets someone perform `wanted`. Anyone who can change a thing can read it. */
export function covers(held: string, wanted: string): boolean {
  const h = parse(held);
  const w = parse(wanted);
  if (!h || !w || h.namespace !== w.namespace || !entityCovers(h.entity, w.entity)) return false;
  if (isRead(w.verb)) return true;
  if (h.verb !== 'alltasks' && h.verb !== w.verb) return false;
  if (h.properties.length === 0) return h.verb === 'alltasks' || w.properties.length === 0;
  if (h.properties[0] === 'allproperties') return true;
  return h.properties.every((p, i) => w.properties[i] === p);
}

/** True when an action only reads. */
export function readsOnly(action: string): boolean {
  const a = parse(action);
  return a !== null && isRead(a.verb);
}

// Services whose actions touch no identity, data or setting of the tenant: support cases, health, notices, usage.
const LOW_IMPACT = new Set(['microsoft.office365.supporttickets', 'microsoft.office365.servicehealth', 'microsoft.office365.messagecenter', 'microsoft.office365.usagereports']);

/**
 * How much an action lets its holder do: one for a single change, far more for wildcards over a
 * whole service, a fifth as much for reading, a tenth for support cases and service notices.
 */
export function breadth(action: string): number {
  const a = parse(action);
  if (!a) return 1;
  const entity = a.entity === 'allentities' ? (a.namespace === 'microsoft.directory' ? 25 : 8) : 1;
  const properties = a.properties[0] === 'allproperties' || (a.properties.length === 0 && a.verb === 'alltasks') ? 3 : 1;
  const verb = a.verb === 'alltasks' ? 3 : 1;
  const read = isRead(a.verb) ? 0.2 : 1;
  const impact = LOW_IMPACT.has(a.namespace) ? 0.1 : 1;
  return entity * properties * verb * read * impact;
}
