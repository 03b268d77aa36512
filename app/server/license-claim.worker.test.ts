/**
 * The checkout claim secret on the app's side (issue 8, rule 2), over the REAL local worker
 * (workerd, local D1, development billing): the license commands as bootstrap builds them, a
 * real SQLite file per computer, the injected SecretStore. Only the hash leaves the computer;
 * the secret activates after payment, also after a restart; it is forgotten once claimed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../core/api';
import type { CallOrigin } from '../core/api';
import { createLicenseCache } from '../core/license/cache';
import { claimHashOf, readPendingClaim, savePendingClaim } from '../core/license/claim';
import { payDevCheckout } from '../core/license/testing/dev-billing';
import { MACHINE_A, MACHINE_B } from '../core/license/testing/harness';
import { machine, startRealWorker, type LocalWorker, type Machine } from '../core/license/testing/real-worker';
import { memorySecretStore, type SecretStore } from '../core/secrets/secret-store';
import { createBillingClient } from '../core/license/billing-client';
import { licenseCommands } from '../core/license/commands';

let worker: LocalWorker;
beforeAll(async () => {
  worker = await startRealWorker();
}, 180_000);
afterAll(async () => {
  await worker?.stop();
});

/** The shop has no staff yet: the main computer itself may buy and activate (issue 9, rule 2). */
const MAIN_COMPUTER: CallOrigin = { mainComputer: true };
const newEmail = () => `claim-${randomUUID().slice(0, 8)}@cafe.example`;

/** One run of the app on a computer: its agent, the license commands, the API over them. */
async function appOn(m: Machine, secrets: SecretStore, sentBodies: string[] = []) {
  const agent = m.agent();
  await agent.start();
  const recordingFetch: typeof fetch = (input, init) => {
    sentBodies.push(typeof init?.body === 'string' ? init.body : '');
    return fetch(input, init);
  };
  const commands = licenseCommands({ agent, cache: createLicenseCache(m.db, m.secrets), billing: createBillingClient(worker.url, recordingFetch), secrets });
  const api = createApi({ db: m.db, license: agent, dataDir: mkdtempSync(join(tmpdir(), 'pospal-claim-')), commands, logInternalError: () => {} });
  return { agent, api };
}

async function checkout(api: Awaited<ReturnType<typeof appOn>>['api'], email: string) {
  const r = await api.call<{ checkoutUrl: string; sessionId: string }>('license.checkout', { email, name: 'Maria', businessName: 'Café' }, null, MAIN_COMPUTER);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('checkout claim secret (app side, real worker)', () => {
  it('sends only the hash with /checkout, activates with the secret after payment, then forgets it', async () => {
    const email = newEmail();
    const secrets = memorySecretStore();
    const sent: string[] = [];
    const app = await appOn(machine(worker, 'TILL-1', MACHINE_A), secrets, sent);
    const { sessionId } = await checkout(app.api, email);

    const claim = await readPendingClaim(secrets);
    expect(claim).toMatchObject({ sessionId, email });
    expect(claim!.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!)).toMatchObject({ email, claimHash: claimHashOf(claim!.secret) });
    expect(sent[0]).not.toContain(claim!.secret);

    await payDevCheckout(worker.url, sessionId);
    const activated = await app.api.call<{ state: string; customerEmail: string }>('license.instant', { email, sessionId }, null, MAIN_COMPUTER);
    expect(activated).toMatchObject({ ok: true, value: { state: 'active', customerEmail: email } });
    expect(await secrets.get('claimSecret')).toBeNull();
    // Nothing left to claim from here: the emailed token is the way now.
    expect(await app.api.call('license.instant', { email, sessionId }, null, MAIN_COMPUTER)).toMatchObject({ ok: false, error: { code: 'CLAIM_EXPIRED' } });
    // Even with the secret back (say, a restored copy of the store), the worker hands nothing out twice.
    await savePendingClaim(secrets, claim!);
    expect(await app.api.call('license.instant', { email, sessionId }, null, MAIN_COMPUTER)).toMatchObject({ ok: false, error: { code: 'TOKEN_ALREADY_CLAIMED' } });
    expect(await secrets.get('claimSecret')).toBeNull();
    await app.agent.stop();
  });

  it('sends the UI language with /checkout, so the welcome email comes in Greek (issue 10, item 8)', async () => {
    const email = newEmail();
    const sent: string[] = [];
    const app = await appOn(machine(worker, 'TILL-1', MACHINE_A), memorySecretStore(), sent);
    const r = await app.api.call<{ sessionId: string }>('license.checkout', { email, name: 'Μαρία', businessName: 'Καφέ', language: 'el' }, null, MAIN_COMPUTER);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(JSON.parse(sent[0]!)).toMatchObject({ email, language: 'el' });
    await payDevCheckout(worker.url, r.value.sessionId);
    const outbox = (await (await fetch(`${worker.url}/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as { emails: { template: string; subject: string }[] };
    expect(outbox.emails.find((e) => e.template === 'welcome')?.subject).toBe('Καλώς ήρθατε στο POSPal — ο κωδικός ξεκλειδώματος');
    expect(await app.api.call('license.checkout', { email: newEmail(), name: 'X', language: 'fr' }, null, MAIN_COMPUTER)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await app.agent.stop();
  });

  it('an app restarted during the payment still activates: a new agent and commands over the same store', async () => {
    const email = newEmail();
    const secrets = memorySecretStore();
    const m = machine(worker, 'TILL-1', MACHINE_A);
    const before = await appOn(m, secrets);
    const { sessionId } = await checkout(before.api, email);
    await before.agent.stop();

    await payDevCheckout(worker.url, sessionId); // paid while POSPal was closed
    const after = await appOn(m, secrets);
    expect(await after.api.call('license.pendingCheckout', {}, null, MAIN_COMPUTER)).toEqual({ ok: true, value: { email, sessionId } });
    const activated = await after.api.call<{ state: string }>('license.instant', {}, null, MAIN_COMPUTER);
    expect(activated).toMatchObject({ ok: true, value: { state: 'active' } });
    expect(await secrets.get('claimSecret')).toBeNull();
    expect(await after.api.call('license.pendingCheckout', {}, null, MAIN_COMPUTER)).toEqual({ ok: true, value: null });
    await after.agent.stop();
  });

  it('another computer that knows the email and session id but not the secret gets no license', async () => {
    const email = newEmail();
    const owner = await appOn(machine(worker, 'TILL-1', MACHINE_A), memorySecretStore());
    const { sessionId } = await checkout(owner.api, email);
    await payDevCheckout(worker.url, sessionId);

    // No claim at all on the other computer.
    const strangerStore = memorySecretStore();
    const stranger = await appOn(machine(worker, 'OTHER-PC', MACHINE_B), strangerStore);
    expect(await stranger.api.call('license.instant', { email, sessionId }, null, MAIN_COMPUTER)).toMatchObject({ ok: false, error: { code: 'CLAIM_EXPIRED' } });
    // A guessed secret for that session: refused by the worker, and not kept.
    await savePendingClaim(strangerStore, { secret: 'g'.repeat(43), sessionId, email });
    expect(await stranger.api.call('license.instant', { email, sessionId }, null, MAIN_COMPUTER)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await strangerStore.get('claimSecret')).toBeNull();
    expect(stranger.agent.status().state).toBe('unlicensed');

    // The shop's own computer still activates.
    expect(await owner.api.call('license.instant', { email, sessionId }, null, MAIN_COMPUTER)).toMatchObject({ ok: true, value: { state: 'active' } });
    await Promise.all([owner.agent.stop(), stranger.agent.stop()]);
  });
});
