-- When a webhook event was last claimed for processing (first receipt, Stripe's retry, or the
-- cron's). An event 'processing' for long after its claim was abandoned by a crashed request;
-- received_at alone cannot tell that from an old event claimed again a moment ago.
ALTER TABLE webhook_events ADD COLUMN claimed_at INTEGER;
