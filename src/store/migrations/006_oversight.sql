-- Oversight ingest. One watermark per log (directoryAudits, signIns): the newest record time seen,
-- so the next poll reads from there. Alerts raised, one row per stable alert id, so overlapping
-- scans never raise the same alert twice; `notified_at` stays null until the channel has it.
CREATE TABLE oversight_watermarks (
  source text PRIMARY KEY,
  last_seen timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oversight_alerts (
  id text PRIMARY KEY,
  kind text NOT NULL,
  severity text NOT NULL,
  user_id text NOT NULL,
  role_id text,
  request_id text,
  last_event_at timestamptz NOT NULL,
  alert jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  notified_at timestamptz
);

CREATE INDEX oversight_alerts_unnotified ON oversight_alerts (created_at) WHERE notified_at IS NULL;
CREATE INDEX oversight_alerts_user ON oversight_alerts (user_id, created_at);
