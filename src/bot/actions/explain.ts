/**
 * "Why was my request denied?" / "Why did my activation fail?": the reviewer and their note, what
 * the request lacked against the role's policy, the risk factors triage recorded for it; or, for a
 * failed attempt in this chat, Graph's refusal in plain words and what to do next.
 */
import { storyOf } from '../../audit/index.js';
import { isoDurationMinutes, type RolePolicy, type ScheduleRequest } from '../../pim/index.js';
import { lastFailureOf } from '../dialogue.js';
import type { Turn } from '../turn.js';
import { clockTime, durationInWords, isPending, listInWords, quoted, statusInWords } from '../words.js';
import { approversInWords } from './policy-facts.js';
import { activationRequests } from './requests.js';
import { lookupRole } from './roles.js';
import { aboutWhom, type PersonParams } from './subject.js';

export interface ExplainParams extends PersonParams {
  role?: string;
  requestId?: string;
  /** The person asks about a failed attempt rather than a decision. */
  failure?: boolean;
}

const DENIED_EVENT = 'Add member to role request denied (PIM activation)';
const TROUBLE = new Set(['denied', 'failed', 'provisioningfailed', 'timedout']);

interface Review {
  reviewer?: string;
  note?: string;
  at?: string;
}

/** Who denied a request and what they wrote, from PIM's audit event (readable with the app's token). */
async function reviewOf(turn: Turn, request: ScheduleRequest): Promise<Review | undefined> {
  const audits = await turn.services.graph.pim.listDirectoryAudits({ activityDisplayName: DENIED_EVENT, since: request.createdDateTime, limit: 500 });
  const event = audits.find((a) => a.additionalDetails?.some((d) => d.key === 'RoleAssignmentRequestId' && d.value === request.id));
  if (!event) return undefined;
  const by = event.initiatedBy?.user;
  return {
    reviewer: by?.displayName ?? by?.userPrincipalName ?? undefined,
    note: event.additionalDetails?.find((d) => d.key === 'Justification')?.value ?? undefined,
    at: event.activityDateTime,
  };
}

/** What the request lacked against the role's policy as it stands today. */
function policyGaps(request: ScheduleRequest, policy: RolePolicy | undefined): string[] {
  if (!policy) return [];
  const gaps: string[] = [];
  if (policy.requiresTicket && !request.ticketInfo?.ticketNumber) gaps.push('it had no ticket number, which the policy asks for');
  if (policy.requiresJustification && !request.justification?.trim()) gaps.push('it had no justification, which the policy asks for');
  const asked = request.scheduleInfo?.expiration?.duration;
  const minutes = asked ? isoDurationMinutes(asked) : null;
  if (minutes && policy.maxDurationMinutes && minutes > policy.maxDurationMinutes) gaps.push(`it asked for ${durationInWords(asked)}, more than the ${durationInWords(policy.maxDuration)} allowed`);
  return gaps;
}

/** The risk factors triage recorded for the request in the audit trail, strongest first. */
async function riskOf(turn: Turn, requestId: string): Promise<string | undefined> {
  const story = await storyOf(turn.services.db, requestId);
  const analysis = [...story.entries].reverse().find((e) => e.kind === 'triage.analysis')?.output;
  if (!analysis) return undefined;
  const factors = (Array.isArray(analysis.factors) ? analysis.factors : [])
    .filter((f): f is { detail: string; points: number } => typeof f === 'object' && f !== null && typeof (f as { detail?: unknown }).detail === 'string' && typeof (f as { points?: unknown }).points === 'number')
    .filter((f) => f.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, 4);
  const score = typeof analysis.riskScore === 'number' ? `${analysis.riskScore}/10` : 'unknown';
  const band = typeof analysis.riskBand === 'string' ? ` (${analysis.riskBand})` : '';
  const advice = typeof analysis.recommendedAction === 'string' ? `; it advised the approvers to **${analysis.recommendedAction}**` : '';
  const lines = factors.map((f) => `- ${f.detail}`);
  return `Risk triage scored it ${score}${band}${advice}.${lines.length ? `\n\n${lines.join('\n')}` : ''}`;
}

export async function explainRequest(turn: Turn, params: ExplainParams): Promise<string> {
  const about = await aboutWhom(turn, params, 'why their request was denied or failed');
  if (!about) return 'Stopped: see the message shown.';
  const now = turn.now();
  const zone = await turn.timeZone();
  const failure = about.self ? lastFailureOf(turn.state, turn.userId) : undefined;
  let requests = await activationRequests(turn, about);
  if (!requests) return 'Stopped: the user is not signed in.';
  if (params.requestId) requests = requests.filter((r) => r.id === params.requestId);
  if (params.role) {
    const role = await lookupRole(turn, { role: params.role });
    if (role.found) requests = requests.filter((r) => r.roleDefinitionId.toLowerCase() === role.found!.id.toLowerCase());
  }
  const troubled = requests.find((r) => TROUBLE.has(r.status.toLowerCase()));
  const target = params.failure ? troubled : (troubled ?? requests[0]);

  // A failed attempt in this chat is newer than any request PIM kept (it refused to create one).
  if (failure && (params.failure || !target || Date.parse(failure.at) > Date.parse(target.createdDateTime))) {
    const ref = failure.code ? `\n\n_Graph: ${failure.code}_` : '';
    await turn.say(`Your last try${failure.roleName ? ` to activate **${failure.roleName}**` : ''}, at ${clockTime(failure.at, zone, now)}, failed: ${failure.message}\n\n${failure.next ?? 'Try again, or show this to your helpdesk.'}${ref}`);
    return `Explained the last failure: ${failure.message}`;
  }
  const who = about.self ? 'You' : about.subject.name;
  if (!target) {
    await turn.say(`${who} ${about.self ? 'have' : 'has'} no denied or failed requests${params.role ? ' for that role' : ''} that I can see. Say **status of ${about.self ? 'my' : `${who}’s`} requests** for the full list.`);
    return 'Nothing to explain.';
  }

  const [roleName, policy] = await Promise.all([
    turn.services.directory.roleName(target.roleDefinitionId),
    turn.services.graph.pim.getRolePolicy(target.roleDefinitionId).catch(() => undefined),
  ]);
  const status = target.status.toLowerCase();
  const asked = `${about.self ? 'Your' : `${who}’s`} request for **${roleName}** (asked ${clockTime(target.createdDateTime, zone, now)}${target.justification ? `: “${quoted(target.justification, 120)}”` : ''})`;
  const parts: string[] = [];
  let next: string;
  if (status === 'denied') {
    let unread = false;
    const review = await reviewOf(turn, target).catch((err: unknown) => {
      turn.log.warn({ err }, 'the review of a denied request could not be read');
      unread = true;
      return undefined;
    });
    const by = review?.reviewer ? ` by **${review.reviewer}**${review.at ? ` at ${clockTime(review.at, zone, now)}` : ''}` : '';
    parts.push(`${asked} was denied${by}.`);
    parts.push(review?.note ? `Their note: “${quoted(review.note, 300)}”` : unread ? 'I couldn’t read who denied it or their note just now; ask again in a minute.' : 'The reviewer left no note.');
    next = about.self
      ? `If you still need it, address the note and ask again: **activate ${roleName} for … to …**${policy?.requiresTicket ? ' with the ticket number' : ''}.`
      : `You can share this with ${who}; they can ask again once the note is addressed.`;
  } else if (status === 'timedout') {
    parts.push(`${asked} expired: nobody decided in time${policy ? ` (approvers: ${approversInWords(policy)})` : ''}.`);
    next = about.self ? `Ask again with **activate ${roleName}**, and let an approver know it is coming.` : `${who} can ask again; it may help to tell an approver.`;
  } else if (status.includes('fail')) {
    parts.push(`${asked} failed in PIM after it was made.`);
    next = 'Try again; if it fails again, show this to your PIM administrator.';
  } else if (isPending(status)) {
    parts.push(`${asked} is ${statusInWords(target.status)}, nothing went wrong${policy?.approvalRequired ? `; it waits for ${approversInWords(policy)}` : ''}.`);
    next = about.self ? `Say **cancel my ${roleName} request** to withdraw it.` : `${who} can cancel it if it is no longer needed.`;
  } else {
    parts.push(`${asked} is ${statusInWords(target.status)}; nothing was denied or failed.`);
    next = about.self ? 'Say **status of my requests** for the others.' : '';
  }
  const gaps = policyGaps(target, policy);
  if (gaps.length) parts.push(`Against the role’s policy: ${listInWords(gaps)}.`);
  if (status === 'denied' || status === 'timedout') {
    const risk = await riskOf(turn, target.id).catch(() => undefined);
    if (risk) parts.push(risk);
  }
  await turn.say(`${parts.join('\n\n')}${next ? `\n\n${next}` : ''}`);
  return `Explained request ${target.id} (${target.status}).`;
}
