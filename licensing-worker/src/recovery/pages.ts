// The pages behind the emailed recovery link. GET only shows a button (mail scanners that
// prefetch links change nothing); the button POSTs the secret back, which confirms.
import type { Context } from 'hono';
import { html } from '../email/layout';
import { sendPage } from '../billing/pages';
import type { RecoveryConfirmation } from './requests';

export const confirmPage = (c: Context, secret: string) =>
  sendPage(
    c,
    'Recover your POSPal token',
    html`<h1>Get a new unlock token</h1>
<p>Press the button and we email a new unlock token to this subscription's address. Your current token keeps working until the new one is entered on a till.</p>
<form method="post" action="/recover/confirm"><input type="hidden" name="t" value="${secret}"><button type="submit" id="confirm">Send me a new token</button></form>
<p class="muted">If you did not ask for this, close this page: nothing changes.</p>`,
  );

export function confirmedPage(c: Context, result: RecoveryConfirmation) {
  if (result.ok) {
    return sendPage(c, 'New token sent', html`<h1>Check your email</h1><div class="ok"><p>We emailed your new unlock token. Enter it in POSPal; your old token stops working once the new one is used.</p></div>`);
  }
  const why = result.reason === 'expired' ? 'This link has expired.' : 'This link is not valid or was already used.';
  return sendPage(c, 'Link not valid', html`<h1>${why}</h1><p>Ask for a new link in POSPal with <strong>Recover my token</strong>.</p>`, result.reason === 'expired' ? 410 : 400);
}
