-- POSPal 011: a staff member's own screen language (issue 11 item 15). NULL = the shop's
-- language. A personal display choice only: receipts, CSV and reports follow the shop's settings.
ALTER TABLE staff ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'el'));
