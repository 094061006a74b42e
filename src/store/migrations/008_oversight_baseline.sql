-- Oversight's learned normal (what each role and person usually does while a role is active),
-- learned from the logs up to `learned_until` and kept here, so each poll reads only the logs
-- since the last one (and a day back, for the activations still open) instead of the whole history.
CREATE TABLE oversight_baseline (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  learned_until timestamptz NOT NULL,
  history_days integer NOT NULL,
  baseline jsonb NOT NULL,
  learned_at timestamptz NOT NULL DEFAULT now()
);
