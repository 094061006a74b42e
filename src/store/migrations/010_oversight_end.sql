-- "End activation" on an alert: held by the click asking PIM (its own token, so a click whose
-- lease ran out cannot free another's), so a double click or a second admin's click does not send
-- PIM a second adminRemove; and who ended it, for the next click.
ALTER TABLE oversight_alerts ADD COLUMN end_claim_id text;
ALTER TABLE oversight_alerts ADD COLUMN end_claimed_until timestamptz;
ALTER TABLE oversight_alerts ADD COLUMN ended_at timestamptz;
ALTER TABLE oversight_alerts ADD COLUMN ended_by text;
ALTER TABLE oversight_alerts ADD COLUMN end_request_id text;
