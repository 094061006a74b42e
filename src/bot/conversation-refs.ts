/** Where each person talks to the bot, kept so cards and notices can be sent to them later. */
import type { ConversationReference } from 'botbuilder';
import type { Queryable } from '../store/db.js';

export async function saveConversationReference(db: Queryable, ref: Partial<ConversationReference>, aadObjectId: string): Promise<void> {
  const conversationId = ref.conversation?.id;
  if (!conversationId) return;
  await db.query(
    `INSERT INTO conversation_refs (aad_object_id, conversation_id, tenant_id, reference)
     VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (aad_object_id, conversation_id) DO UPDATE SET reference = EXCLUDED.reference, tenant_id = EXCLUDED.tenant_id, updated_at = now()`,
    [aadObjectId, conversationId, ref.conversation?.tenantId ?? null, JSON.stringify(ref)],
  );
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
