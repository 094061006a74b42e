-- Triage's learned normal. The decided activation requests learned so far (one row each, the
-- record as triage reads it), the per-user and per-role stats recomputed from them, and one row
-- of learning state: whose tenant, which window, up to when, and the watermark of the last read.
CREATE TABLE triage_history (
  request_id text PRIMARY KEY,
  principal_id text NOT NULL,
  role_id text NOT NULL,
  created_at timestamptz NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX triage_history_principal ON triage_history (principal_id, created_at);
CREATE INDEX triage_history_role ON triage_history (role_id, created_at);
CREATE INDEX triage_history_created ON triage_history (created_at);

CREATE TABLE triage_baseline_users (
  principal_id text PRIMARY KEY,
  stats jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE triage_baseline_roles (
  role_id text PRIMARY KEY,
  stats jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE triage_learn_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  tenant_id text NOT NULL,
  window_days integer NOT NULL,
  learned_at timestamptz NOT NULL,
  watermark timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
