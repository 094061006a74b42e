/**
 * Admin work by a PIM user while none of their roles is active: either a role was granted outside
 * PIM, or someone else's privilege is being used through their account. Either way, a reviewer
 * wants to know.
 */
import { isDestructive, isSensitive } from '../activities.js';
import { activityCounts, makeAlert, span, utc } from '../alert.js';
import type { ScanContext } from '../context.js';
import type { LogEvent } from '../events.js';
import type { ActivationWindow, Alert } from '../types.js';

function nearest(windows: readonly ActivationWindow[] | undefined, at: number): { before?: ActivationWindow; after?: ActivationWindow } {
  let before: ActivationWindow | undefined;
  let after: ActivationWindow | undefined;
  for (const w of windows ?? []) {
    if (w.end < at && (!before || w.end > before.end)) before = w;
    if (w.start > at && (!after || w.start < after.start)) after = w;
  }
  return { before, after };
}

export function detectOutsideActivation(ctx: ScanContext): Alert[] {
  return ctx.outside.map(({ userId, actions }) => {
    const first = actions[0] as LogEvent;
    const last = actions[actions.length - 1] as LogEvent;
    const { before, after } = nearest(ctx.windowsByUser.get(userId), first.at);
    const context: string[] = [];
    if (before) context.push(`their last activation (${before.roleName}) ended ${span(first.at - before.end)} earlier`);
    else if (!ctx.people.isPrivileged(userId)) context.push('they are not eligible for any role in PIM, so the privilege came from elsewhere');
    // Only what was read: the service reads a day before each poll, not the whole history.
    else context.push('no earlier activation of theirs is in the log read');
    if (after) context.push(`the next (${after.roleName}) started ${span(after.start - last.at)} later`);
    const when = first === last ? `at ${utc(first.at)}` : `between ${utc(first.at)} and ${utc(last.at)}`;
    const summary = `${ctx.people.name(userId)} made admin changes with no PIM role active ${when}: ${activityCounts(actions)}; ${context.join(', ')}.`;
    const severity = actions.some((e) => isSensitive(e.activity) || isDestructive(e.activity)) ? 'high' : 'medium';
    return makeAlert({ kind: 'outside-activation', severity, userId, summary, events: actions }, ctx.people);
  });
}
