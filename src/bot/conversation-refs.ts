/** Where each person talks to the bot, kept so cards and notices can be sent to them later. */
import type { ConversationReference } from 'botbuilder';
import type { Queryable } from '../store/db.js';

/**
 * What this process last wrote to each database, per person and conversation: an unchanged
 * reference is not written again on every message (a Teams 1:1 chat keeps its reference).
 */
const writtenTo = new WeakMap<Queryable, Map<string, string>>();
const WRITTEN_LIMIT = 10_000;

export async function saveConversationReference(db: Queryable, ref: Partial<ConversationReference>, aadObjectId: string): Promise<void> {
  const conversationId = ref.conversation?.id;
  if (!conversationId) return;
  let written = writtenTo.get(db);
  if (!written) writtenTo.set(db, (written = new Map()));
  const key = `${aadObjectId}\u0000${conversationId}`;
  const json = JSON.stringify(ref);
  // PostgreSQL text and jsonb refuse NUL; Teams never sends one, so such a reference is not worth keeping.
  if (aadObjectId.includes('\u0000') || conversationId.includes('\u0000') || json.includes('\\u0000')) return;
  // The id of the message being answered changes every turn and matters to no later send.
  const { activityId: _activityId, ...lasting } = ref;
  const unchanged = JSON.stringify(lasting);
  if (written.get(key) === unchanged) return;
  await db.query(
    `INSERT INTO conversation_refs (aad_object_id, conversation_id, tenant_id, reference)
     VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (aad_object_id, conversation_id) DO UPDATE SET reference = EXCLUDED.reference, tenant_id = EXCLUDED.tenant_id, updated_at = now()`,
    [aadObjectId, conversationId, ref.conversation?.tenantId ?? null, json],
  );
  if (written.size >= WRITTEN_LIMIT) written.clear();
  written.set(key, unchanged);
}

/** The person's most recent personal (1:1) conversation with the bot, if any. */
export async function personalConversationOf(db: Queryable, aadObjectId: string): Promise<Partial<ConversationReference> | undefined> {
  const { rows } = await db.query<{ reference: Partial<ConversationReference> }>(
    `SELECT reference FROM conversation_refs
     WHERE aad_object_id = $1 AND coalesce(reference->'conversation'->>'conversationType', 'personal') = 'personal'
     ORDER BY updated_at DESC LIMIT 1`,
    [aadObjectId],
  );
  return rows[0]?.reference;
}
