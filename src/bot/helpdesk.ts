/**
 * Questions about other people: answered only for members of the configured helpdesk group.
 * Everyone else is refused politely, and the attempt goes to the log and the audit trail.
 */
import type { Turn } from './turn.js';
import { quoted } from './words.js';

export interface Subject {
  /** The person as the speaker named them. */
  name: string;
  /** Their Entra object id, when the directory knows them. */
  id: string | null;
}

/** Whether the speaker may ask about `subject`; says no (and records it) when not. */
export async function mayAskAbout(turn: Turn, subject: Subject, question: string): Promise<boolean> {
  const { config, directory, trail } = turn.services;
  const groupId = config.conversation.helpdeskGroupId;
  const userId = turn.userId;
  let member = false;
  let unread = false;
  if (groupId && userId) {
    try {
      member = await directory.isMember(groupId, userId);
    } catch (err) {
      // Refused all the same (fail closed), but recorded as what it is, and the speaker told to try again.
      unread = true;
      turn.log.warn({ err, groupId }, 'helpdesk group membership could not be read; refusing');
    }
  }
  if (member) return true;

  const detail = `asked "${question}" about ${subject.name}${subject.id ? ` (${subject.id})` : ''}; ${unread ? 'the helpdesk group membership could not be read' : 'not a member of the helpdesk group'}`;
  turn.log.warn({ subject: subject.name, subjectId: subject.id, question, helpdeskGroupId: groupId ?? null }, 'helpdesk question refused');
  await trail
    .append({
      kind: 'refusal',
      traceId: turn.traceId,
      actor: { type: 'user', id: userId ?? 'unknown', ...(turn.context.activity.from?.name ? { name: turn.context.activity.from.name } : {}) },
      output: { reason: unread ? 'membership-unreadable' : 'helpdesk-denied', detail },
    })
    .catch((err: unknown) => turn.log.error({ err }, 'could not record the helpdesk refusal in the audit trail'));
  if (unread) {
    await turn.say(`I couldn’t check your helpdesk group membership just now, so I can’t tell you about ${quoted(subject.name)} yet. Please ask again in a minute.`);
    return false;
  }
  await turn.say(
    `Sorry, I can only answer questions about other people’s roles and requests for members of the helpdesk group, so I can’t tell you about ${quoted(subject.name)}.\n\n` +
      'I can help with your own: try **status of my requests** or **what can I activate?** For someone else, ask them or your helpdesk.',
  );
  return false;
}
