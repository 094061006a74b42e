-- Status cards the bot showed a requester, kept so each copy can be rewritten as the request moves
-- (waiting for approval, active, denied, ended). `open` turns false once nothing more can change.
CREATE TABLE status_cards (
  request_id text NOT NULL,
  activity_id text NOT NULL,
  aad_object_id text NOT NULL,
  role_definition_id text NOT NULL,
  teams_user_id text,
  reference jsonb NOT NULL,
  status text NOT NULL,
  open boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, activity_id)
);

CREATE INDEX status_cards_open ON status_cards (updated_at) WHERE open;
CREATE INDEX status_cards_by_person ON status_cards (aad_object_id, role_definition_id) WHERE open;
