-- Delivery attempts of each oversight alert: one that keeps failing (a card Teams refuses) goes
-- behind the others instead of holding them up, and is given up on after a bounded number of tries.
ALTER TABLE oversight_alerts ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE oversight_alerts ADD COLUMN last_delivery_error text;
-- Held by the pass posting the alert, so two instances' overlapping passes never post it twice.
ALTER TABLE oversight_alerts ADD COLUMN delivery_claimed_until timestamptz;
