-- Conversation and user state of the bot (botbuilder Storage), with an eTag for optimistic concurrency.
CREATE TABLE bot_state (
  key text PRIMARY KEY,
  doc jsonb NOT NULL,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where to reach each person and conversation proactively (approval cards, notices).
CREATE TABLE conversation_refs (
  aad_object_id text NOT NULL,
  conversation_id text NOT NULL,
  tenant_id text,
  reference jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (aad_object_id, conversation_id)
);
