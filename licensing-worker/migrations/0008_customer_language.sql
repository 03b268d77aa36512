-- The language the customer's emails are written in: the app's UI language at checkout
-- ('en' | 'el'). The checkout records it; the completed checkout copies it to the customer.
ALTER TABLE checkout_sessions ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'el'));
ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'el'));
