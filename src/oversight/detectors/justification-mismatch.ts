/**
 * Work that the stated reason does not cover: a "transport rule" activation used to assign roles.
 * Only new work counts (see isRoutine): sessions often drift a little from their one-line reason,
 * and that is not what a reviewer wants to hear about.
 */
import { domainLabel, type Domain } from '../../roles/index.js';
import { activityDomains, isSensitive, justificationDomains, withRelated } from '../activities.js';
import { activityCounts, makeAlert } from '../alert.js';
import { isRoutine } from '../novelty.js';
import type { ScanContext } from '../context.js';
import type { Alert } from '../types.js';

export function detectJustificationMismatch(ctx: ScanContext): Alert[] {
  const alerts: Alert[] = [];
  for (const { window: w, actions } of ctx.sessions) {
    const fresh = actions.filter((e) => activityDomains(e.activity).length > 0 && !isRoutine(ctx.baseline, ctx.tuning, w, e.activity));
    if (fresh.length === 0) continue;
    const stated = justificationDomains(w.justification);
    if (stated.length === 0) continue;
    const covered = withRelated(stated);
    const offTopic = fresh.filter((e) => !activityDomains(e.activity).some((d) => covered.has(d)));
    if (offTopic.length === 0) continue;

    const touched = [...new Set(offTopic.flatMap((e) => activityDomains(e.activity)))] as Domain[];
    const name = ctx.people.name(w.userId);
    const summary =
      `${name} activated ${w.roleName} for '${w.justification}' (${stated.map(domainLabel).join(', ')}) ` +
      `but used it for ${touched.map(domainLabel).join(', ')}: ${activityCounts(offTopic)}.`;
    const severity = offTopic.some((e) => isSensitive(e.activity)) ? 'high' : 'medium';
    alerts.push(makeAlert({ kind: 'justification-mismatch', severity, userId: w.userId, window: w, summary, events: offTopic }, ctx.people));
  }
  return alerts;
}
