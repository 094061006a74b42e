-- MSAL token caches the service keeps for accounts it acts as (the automation approver's refresh
-- token). `sealed` is the serialized cache encrypted with AES-256-GCM under a key derived from
-- TOKEN_CACHE_KEY: the database never holds a token in clear text. `account` says whose it is, for
-- people reading the table. `version` goes up with every write: a refresh read before a newer write
-- (another instance, a new sign-in) is not stored over it.
CREATE TABLE token_caches (
  id text PRIMARY KEY,
  account text NOT NULL,
  sealed text NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
