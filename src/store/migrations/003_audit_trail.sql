-- The audit trail (src/audit): append-only and hash-chained. Rows are never updated or deleted;
-- whole months may leave as verified JSON Lines archives (detach and drop of a partition).

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Monthly partitions on `at`; `at` never goes backwards along `seq` (the appender sees to it),
-- so each partition holds one contiguous stretch of the chain.
CREATE TABLE audit_trail (
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  trace_id text NOT NULL,
  request_id text,
  actor jsonb NOT NULL,
  model_version text,
  input_digest text,
  output jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (seq, at)
) PARTITION BY RANGE (at);

CREATE INDEX audit_trail_request ON audit_trail (request_id, seq) WHERE request_id IS NOT NULL;
CREATE INDEX audit_trail_trace ON audit_trail (trace_id, seq);
CREATE INDEX audit_trail_at ON audit_trail (at);

CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Creates the month's partition when missing. A TRUNCATE trigger on the parent does not reach a
-- partition truncated by name, so each partition gets its own.
CREATE FUNCTION audit_ensure_partition(at_in_month timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  lo timestamp := date_trunc('month', at_in_month AT TIME ZONE 'UTC');
  part text := 'audit_trail_' || to_char(lo, 'YYYY"m"MM');
BEGIN
  IF to_regclass(part) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_trail FOR VALUES FROM (%L) TO (%L)',
      part, (lo AT TIME ZONE 'UTC')::text, ((lo + interval '1 month') AT TIME ZONE 'UTC')::text);
    EXECUTE format('CREATE TRIGGER audit_partition_no_truncate BEFORE TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()', part);
  END IF;
  RETURN part;
END
$$;

-- The end of the chain. Appenders lock this row, so two instances append one after the other.
CREATE TABLE audit_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  hash text NOT NULL,
  at timestamptz
);
INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <= OLD.seq THEN
    RAISE EXCEPTION 'the audit trail head only moves forward (% to %)', OLD.seq, NEW.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- What the AI saw, by digest (content-addressed, so one row per distinct input).
CREATE TABLE audit_inputs (
  digest text PRIMARY KEY,
  body jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER audit_inputs_append_only BEFORE UPDATE OR DELETE ON audit_inputs
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_inputs_no_truncate BEFORE TRUNCATE ON audit_inputs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Months that left the database: where the chain resumes, and the file that holds them.
CREATE TABLE audit_archives (
  partition text PRIMARY KEY,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL,
  prev_hash text NOT NULL,
  last_hash text NOT NULL,
  entries bigint NOT NULL,
  file text NOT NULL,
  file_sha256 text NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER audit_archives_append_only BEFORE UPDATE OR DELETE ON audit_archives
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_archives_no_truncate BEFORE TRUNCATE ON audit_archives
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
