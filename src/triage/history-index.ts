/**
 * Request history indexed by requester and by role, in time order, so the history of one request's
 * context is a few lookups and a binary search rather than a pass over every request ever made.
 */
import { SETTINGS } from './settings.js';
import type { ActivationRecord } from './types.js';

interface Timed {
  t: number;
  r: ActivationRecord;
}

function group(records: readonly ActivationRecord[], key: (r: ActivationRecord) => string): Map<string, Timed[]> {
  const out = new Map<string, Timed[]>();
  for (const r of records) {
    const k = key(r);
    const item = { t: new Date(r.createdDateTime).getTime(), r };
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  for (const list of out.values()) list.sort((a, b) => a.t - b.t);
  return out;
}

/** How many items were made at or before `t`. */
function countUpTo(list: readonly Timed[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.t ?? Infinity) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class HistoryIndex {
  private readonly byPrincipal: Map<string, Timed[]>;
  private readonly byRole: Map<string, Timed[]>;

  constructor(readonly records: readonly ActivationRecord[]) {
    this.byPrincipal = group(records, (r) => r.principalId);
    this.byRole = group(records, (r) => r.roleDefinitionId);
  }

  /**
   * A context's history: every request the requester made up to `now`, and the role's latest
   * `roleSample` requests by others up to `now`, oldest first.
   */
  forRequest(principalId: string, roleId: string, now: Date, roleSample: number = SETTINGS.history.roleSample): ActivationRecord[] {
    const t = now.getTime();
    const own = this.byPrincipal.get(principalId) ?? [];
    const role = this.byRole.get(roleId) ?? [];
    const others: Timed[] = [];
    for (let i = countUpTo(role, t) - 1; i >= 0 && others.length < roleSample; i -= 1) {
      const item = role[i];
      if (item && item.r.principalId !== principalId) others.push(item);
    }
    const mine = own.slice(0, countUpTo(own, t));
    return [...mine, ...others.reverse()].sort((a, b) => a.t - b.t).map((x) => x.r);
  }
}
