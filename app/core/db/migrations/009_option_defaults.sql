-- POSPal 009: an option can be its group's default (issue 11 item 8), e.g. "No sugar" in a
-- required "Sugar" group: the options sheet starts with it chosen, so the common coffee is one
-- tap. A group has at most maxChoices defaults (checked where items are written).
ALTER TABLE options ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1));
