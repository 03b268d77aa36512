// The worker's one logger: one JSON object per line (Workers observability indexes the fields).
// Known secret-bearing fields are replaced before anything is written.
export type LogLevel = 'info' | 'warn' | 'error';

export type LogSink = (level: LogLevel, line: string) => void;

const REDACTED_KEYS = /^(token|unlockToken|claimSecret|sessionId|signingKey|secret|password|authorization|cookie|apiKey)$/i;

const consoleSink: LogSink = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

let sink: LogSink = consoleSink;

/** Tests capture lines here; returns a function that restores the console. */
export function setLogSink(next: LogSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) safe[k] = REDACTED_KEYS.test(k) ? '[redacted]' : v;
  sink(level, JSON.stringify({ level, event, ...safe }));
}

/** An error as one short string for a log field (name and message, no stack). */
export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
