/** "Which role do I need to reset someone's MFA?": the least-privileged roles of the tenant for a task, with why. */
import { recommendRoles } from '../../planner/index.js';
import type { Turn } from '../turn.js';
import { quoted } from '../words.js';
import { eligibleRoles, type EligibleRole } from './roles.js';

export interface RecommendParams {
  task?: string;
}

const SHOWN = 3;

export async function recommendRole(turn: Turn, params: RecommendParams): Promise<string> {
  const task = params.task?.replace(/\s+/g, ' ').trim();
  if (!task) {
    await turn.say('What do you need to do? For example: **which role do I need to reset someone’s MFA?**');
    return 'Asked for the task.';
  }
  const roles = await turn.services.directory.roles();
  const found = recommendRoles(task, roles, SHOWN);
  if (found.length === 0) {
    await turn.say(`I don’t know which role covers “${quoted(task)}”. Try naming the service and the action, e.g. *manage Exchange mail flow rules* or *reset passwords*, or ask your PIM administrator.`);
    return 'No role found for the task.';
  }
  // Which of them the speaker could activate; a missing sign-in (or a failed read) only drops that
  // hint, and then nobody is told they are not eligible.
  let mine: EligibleRole[] | undefined;
  const me = turn.userId ? await turn.services.userGraph.forActivity(turn.context, turn.state.temp.authTokens).catch(() => undefined) : undefined;
  if (me?.ok) {
    mine = await eligibleRoles(turn, me.pim).catch((err: unknown) => {
      turn.log.warn({ err }, 'eligible roles not readable; the recommendation goes without them');
      return undefined;
    });
  }
  const yours = new Set((mine ?? []).map((r) => r.roleId.toLowerCase()));
  const lines = found.map((r, i) => `${i + 1}. **${r.displayName}**${yours.has(r.id.toLowerCase()) ? ' (you can activate it)' : ''} — ${r.reason}`);
  const best = found[0]!;
  const eligibleBest = found.find((r) => yours.has(r.id.toLowerCase()));
  const next = eligibleBest
    ? `To use it, say **activate ${eligibleBest.displayName} for 1 hour to ${quoted(task, 60)}**.`
    : mine
      ? `You aren’t eligible for ${found.length > 1 ? 'these' : 'it'} yet; ask your PIM administrator for **${best.displayName}**, the least privileged fit.`
      : `I couldn’t check which of these you can activate just now; say **what can I activate** to see, or ask your PIM administrator for **${best.displayName}**, the least privileged fit.`;
  await turn.say(`For “${quoted(task)}”:\n\n${lines.join('\n')}\n\n${next}`);
  await turn.services.trail
    .append({
      kind: 'recommendation',
      traceId: turn.traceId,
      actor: { type: 'service', id: 'pim-copilot' },
      output: { subject: 'role', roles: found.map((r) => ({ id: r.id, displayName: r.displayName })), rationale: `${task}: ${best.reason}` },
    })
    .catch((err: unknown) => turn.log.warn({ err }, 'recommendation not recorded in the audit trail'));
  return `Recommended ${found.map((r) => r.displayName).join(', ')}.`;
}
