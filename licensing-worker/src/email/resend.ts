import { z } from 'zod';

export const DEFAULT_RESEND_API_URL = 'https://api.resend.com';

export interface ResendConfig {
  apiKey: string;
  apiUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number;
}

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type ResendResult = { ok: true; id: string } | { ok: false; error: string };

const resendSuccess = z.object({ id: z.string().min(1) });

/** One POST to Resend's /emails endpoint. Never throws: the caller records the outcome. */
export async function sendThroughResend(config: ResendConfig, email: OutgoingEmail): Promise<ResendResult> {
  const base = (config.apiUrl || DEFAULT_RESEND_API_URL).replace(/\/+$/, '');
  const doFetch = config.fetch ?? fetch;
  try {
    const response = await doFetch(`${base}/emails`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${config.apiKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        from: email.from,
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
      }),
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      // Resend answers { name, message, statusCode }; keep only what helps an operator.
      const message = z.object({ message: z.string() }).safeParse(body);
      return { ok: false, error: `resend ${response.status}: ${message.success ? message.data.message : 'error'}` };
    }
    const parsed = resendSuccess.safeParse(body);
    return parsed.success ? { ok: true, id: parsed.data.id } : { ok: false, error: 'resend: unexpected answer' };
  } catch (error) {
    return { ok: false, error: `resend unreachable: ${error instanceof Error ? error.name : 'error'}` };
  }
}

/** What became of one email: sent, only logged (no RESEND_API_KEY), or failed at the provider. */
export interface Delivery {
  status: 'sent' | 'logged' | 'failed';
  providerId: string | null;
  error: string | null;
}

/** Sends through Resend when an API key is configured; without one the email is only logged. */
export async function deliverEmail(config: Omit<ResendConfig, 'apiKey'> & { apiKey?: string | undefined }, email: OutgoingEmail): Promise<Delivery> {
  if (!config.apiKey) return { status: 'logged', providerId: null, error: null };
  const result = await sendThroughResend({ ...config, apiKey: config.apiKey }, email);
  return result.ok ? { status: 'sent', providerId: result.id, error: null } : { status: 'failed', providerId: null, error: result.error };
}
