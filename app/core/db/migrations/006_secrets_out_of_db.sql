-- The unlock token leaves the shop database (and so every backup of it): it lives in the secret
-- store (app/core/secrets). A SQL migration can't write that store, so the move is code run right
-- after migrate (app/core/secrets/move-token.ts): it copies a token found here into the store and
-- only then blanks the column. From now on nothing can write a token back into this table.
CREATE TRIGGER license_cache_no_token_insert BEFORE INSERT ON license_cache
  WHEN NEW.token <> ''
  BEGIN SELECT RAISE(ABORT, 'the unlock token belongs in the secret store'); END;

CREATE TRIGGER license_cache_no_token_update BEFORE UPDATE OF token ON license_cache
  WHEN NEW.token <> ''
  BEGIN SELECT RAISE(ABORT, 'the unlock token belongs in the secret store'); END;
