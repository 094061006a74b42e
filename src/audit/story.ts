/**
 * The whole story of one activation request, from the trail alone: every entry filed under the
 * request id, and every entry that shares a trace id with them (a card action or a refusal
 * recorded before the request id was known).
 */
import type { Queryable } from '../store/db.js';
import type { TrailEntry } from './kinds.js';
import { entriesOf } from './read.js';

export interface Story {
  requestId: string;
  entries: TrailEntry[];
}

export async function storyOf(db: Queryable, requestId: string): Promise<Story> {
  const entries = await entriesOf(
    db,
    `request_id = $1 OR trace_id IN (SELECT DISTINCT trace_id FROM audit_trail WHERE request_id = $1)`,
    [requestId],
  );
  return { requestId, entries };
}

/** One line per entry, for `audit show`. */
export function renderTimeline(story: Story): string {
  if (story.entries.length === 0) return `no trail entries for request ${story.requestId}\n`;
  const lines = story.entries.map((e) => {
    const who = e.actor.name ? `${e.actor.name} (${e.actor.type} ${e.actor.id})` : `${e.actor.type} ${e.actor.id}`;
    const model = e.modelVersion ? ` [model ${e.modelVersion}]` : '';
    return `${e.at}  #${e.seq}  ${e.kind.padEnd(16)} ${who}${model}\n    ${describeOutput(e)}`;
  });
  return `request ${story.requestId}: ${story.entries.length} entries\n\n${lines.join('\n')}\n`;
}

function describeOutput(e: TrailEntry): string {
  const o = e.output;
  const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const n = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  switch (e.kind) {
    case 'pim.event':
      return [`${s('event')} via ${s('source')}`, s('roleName') ?? s('roleDefinitionId'), s('justification') && `“${s('justification')}”`, s('ticketNumber') && `ticket ${s('ticketNumber')}`]
        .filter(Boolean)
        .join(', ');
    case 'triage.analysis':
      return `risk ${n('riskScore')}/10 (${s('riskBand')}), recommends ${s('recommendedAction')}${o.autoApprovable === true ? ', auto-approvable' : ''}: ${s('rationale') ?? ''}`;
    case 'recommendation':
      return `${s('subject')}: ${s('action') ?? ''} ${s('rationale') ?? ''}`.trim();
    case 'card.sent':
      return `${s('card')} card to ${s('recipientName') ?? s('recipientId')}`;
    case 'card.action':
      return `${s('verb')} pressed`;
    case 'decision.human':
    case 'decision.auto':
      return `${s('decision')}${s('via') ? ` via ${s('via')}` : ''}${s('note') ? `: “${s('note')}”` : ''}`;
    case 'refusal':
      return `refused (${s('reason')}): ${s('detail')}`;
    case 'alert':
      return `${s('severity')} ${s('detector')}: ${s('summary')}`;
    case 'session.activity':
      return `${s('activity')}${s('target') ? ` on ${s('target')}` : ''} at ${s('activityDateTime')}${s('result') ? ` (${s('result')})` : ''}`;
    case 'action.failed':
      return `entry #${n('failedSeq')} (${s('failedKind')}) was not carried out: ${s('error')}`;
  }
}
