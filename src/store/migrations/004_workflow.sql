-- The approval workflow (src/workflow). One row per PIM request, claimed before anything is sent,
-- so however many instances poll, each request is triaged once and each card is sent once.
CREATE TABLE workflow_requests (
  request_id text PRIMARY KEY,
  -- triaging → open (cards out, or observed) → closed; failed lets a later poll or retry claim it again.
  state text NOT NULL CHECK (state IN ('triaging', 'failed', 'open', 'closed')),
  lease_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  source text NOT NULL,
  trace_id text NOT NULL,
  principal_id text,
  role_definition_id text,
  -- The beta approval to PATCH (for directory roles the request id itself).
  approval_id text,
  mode text CHECK (mode IN ('observe', 'assist', 'auto')),
  -- What every card of this request shows (requester, role, risk...), so a copy can be redrawn.
  view jsonb,
  -- Who may decide (primary approvers) and who gets it on escalation, by Entra object id.
  approvers jsonb NOT NULL DEFAULT '[]',
  escalation_approvers jsonb NOT NULL DEFAULT '[]',
  -- How it ended: {state, byId?, byName?, note?, at}.
  outcome jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  escalated_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_requests_open ON workflow_requests (updated_at) WHERE state = 'open';

-- Every card posted, so every copy can be rewritten when the request changes.
CREATE TABLE card_messages (
  request_id text NOT NULL REFERENCES workflow_requests (request_id),
  -- An approver's Entra object id, the requester's, or `channel:<id>` for an escalation channel.
  recipient_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('approval', 'escalation', 'requester')),
  state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
  conversation_id text,
  reference jsonb,
  activity_id text,
  -- The card state the copy shows now (pending, approved, denied...).
  shows text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, recipient_id, kind)
);
CREATE INDEX card_messages_activity ON card_messages (activity_id) WHERE activity_id IS NOT NULL;

-- At most one decision per request: a double click or two approvers at once meet here first,
-- and only the row's owner calls PIM.
CREATE TABLE workflow_decisions (
  request_id text PRIMARY KEY REFERENCES workflow_requests (request_id),
  actor_id text NOT NULL,
  actor_name text,
  via text NOT NULL CHECK (via IN ('teams', 'auto', 'portal')),
  verdict text NOT NULL CHECK (verdict IN ('approve', 'deny')),
  note text,
  state text NOT NULL CHECK (state IN ('claimed', 'done', 'elsewhere')),
  -- The AI's advice when the person decided, and whether the person followed it (null: it said review).
  recommended text,
  agreed boolean,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
