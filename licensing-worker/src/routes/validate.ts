// POST /validate-unified (validate | instant | session) and the legacy aliases.
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../env';
import { sendEmail } from '../email';
import { expectCredentials } from '../http/credential-failures';
import { enforceAddressLimit } from '../http/rate-limit';
import { readJson } from '../http/validation';
import { assertActive, licenseAnswer, subjectOf, type AnswerMachine } from '../license/answer';
import { claimToken, findClaimableCheckout } from '../license/checkout-claim';
import { authenticateWithMachine, type CustomerWithMachine } from '../license/customers';
import { resolveMachine, type RequestScope } from '../license/machines';
import { endSession, heartbeatSession, sessionOfMachine, startSession } from '../license/sessions';
import {
  legacyInstantRequestSchema,
  legacySessionBearerSchema,
  legacySessionClaimSchema,
  legacyValidateRequestSchema,
  validateUnifiedRequestSchema,
  type Device,
  type checkoutCredentialsSchema,
  type tokenCredentialsSchema,
} from '../protocol/licensing';
import { errorText, logEvent } from '../log';

type Ctx = Context<AppEnv>;
type TokenCredentials = z.infer<typeof tokenCredentialsSchema>;
type CheckoutCredentials = z.infer<typeof checkoutCredentialsSchema>;

function scopeOf(c: Ctx, customer: { id: string; email: string }): RequestScope {
  return {
    db: c.get('db'),
    requestId: c.get('requestId'),
    now: c.get('now')(),
    onMachineChanged: (m) =>
      notify(
        c,
        () => sendEmail(emailContext(c), { to: customer.email, template: 'machine_changed', data: { machineName: m.name, platform: m.platform, at: c.get('now')() }, customerId: customer.id }),
        'machine_changed',
      ),
  };
}

/** Security notices must not fail the request whose state change they report. */
async function notify(c: Ctx, send: () => Promise<unknown>, template: string): Promise<void> {
  try {
    await send();
  } catch (e) {
    logEvent('error', 'email_failed', { requestId: c.get('requestId'), template, error: errorText(e) });
  }
}

const emailContext = (c: Ctx) => ({ env: c.env, requestId: c.get('requestId'), now: c.get('now') });

/** Per-address limit; wrong credentials for `email` are counted after the check (never before). */
async function limitValidation(c: Ctx, email: string): Promise<void> {
  await enforceAddressLimit(c, 'validate:ip');
  expectCredentials(c, email);
}

async function identify(c: Ctx, customer: CustomerWithMachine, device: Device): Promise<AnswerMachine> {
  const machine = await resolveMachine(scopeOf(c, customer), customer, device);
  // The session read with the customer belongs to the machine matched by fingerprint; a machine
  // matched otherwise (components, new) is treated as holding none.
  const session = machine.id === customer.machine_id ? await sessionOfMachine(c.env, customer, machine.id, customer.machine_session, c.get('now')()) : undefined;
  return { id: machine.id, matchedBy: machine.matchedBy, fingerprint: device.machineFingerprint, previousSeenAt: machine.previousSeenAt, ...(session ? { session } : {}) };
}

async function validateOperation(c: Ctx, credentials: TokenCredentials, device: Device, heldLicense?: string): Promise<Response> {
  await limitValidation(c, credentials.email);
  const customer = await authenticateWithMachine(c.get('db'), credentials.email, credentials.token, device.machineFingerprint);
  const machine = await identify(c, customer, device);
  const subject = subjectOf(customer);
  await assertActive(c, subject, machine);
  return c.json(await licenseAnswer(c, subject, machine, { heldLicense }), 200);
}

async function instantOperation(c: Ctx, credentials: CheckoutCredentials, device: Device): Promise<Response> {
  await limitValidation(c, credentials.email);
  const db = c.get('db');
  const now = c.get('now')();
  // Every check before anything changes: no machine for a wrong secret, a claimed or old checkout.
  const { customer, pendingToken } = await findClaimableCheckout(db, credentials, device.machineFingerprint, now);
  const machine = await identify(c, customer, device);
  const subject = subjectOf(customer);
  await assertActive(c, subject, machine);
  await claimToken(db, credentials.stripeSessionId, now);
  return c.json(await licenseAnswer(c, subject, machine, { token: pendingToken }), 200);
}

async function sessionClaim(c: Ctx, action: 'start' | 'takeover', credentials: TokenCredentials, device: Device): Promise<Response> {
  await limitValidation(c, credentials.email);
  const db = c.get('db');
  const customer = await authenticateWithMachine(db, credentials.email, credentials.token, device.machineFingerprint);
  const machine = await identify(c, customer, device);
  const subject = subjectOf(customer);
  await assertActive(c, subject, machine);
  const now = c.get('now')();
  const seatMachine = { id: machine.id, name: device.name, platform: device.platform, fingerprint: device.machineFingerprint };
  const { sessionId, displaced } = await startSession({ env: c.env, requestId: c.get('requestId'), now }, customer, seatMachine, action === 'takeover');
  if (displaced) {
    const data = { machineName: displaced.machineName, platform: displaced.platform, takenOverBy: device.name, at: now };
    await notify(c, () => sendEmail(emailContext(c), { to: customer.email, template: 'session_taken_over', data, customerId: customer.id }), 'session_taken_over');
  }
  return c.json(await licenseAnswer(c, subject, machine, { sessionId, sessionCallAt: now }), 201);
}

async function sessionBearer(c: Ctx, action: 'heartbeat' | 'end', sessionId: string, heldLicense?: string): Promise<Response> {
  await enforceAddressLimit(c, 'session:ip');
  const scope = { env: c.env, requestId: c.get('requestId'), now: c.get('now')() };
  if (action === 'end') {
    await endSession(scope, sessionId);
    return c.json({ success: true as const, requestId: scope.requestId, serverTime: scope.now, session: { id: sessionId, ended: true as const } }, 200);
  }
  const beat = await heartbeatSession(scope, sessionId);
  const subject = {
    ...beat.customer,
    cancelAtPeriodEnd: beat.customer.cancelAtPeriodEnd === 1,
  };
  // A heartbeat is a check of a machine seen just now.
  const machine: AnswerMachine = { id: beat.machineId, matchedBy: 'fingerprint', fingerprint: beat.fingerprint, previousSeenAt: scope.now };
  await assertActive(c, subject, machine);
  return c.json(await licenseAnswer(c, subject, machine, { sessionId, sessionCallAt: scope.now, heldLicense }), 200);
}

export const validateRoutes = new Hono<AppEnv>();

validateRoutes.post('/validate-unified', async (c) => {
  const body = await readJson(c, validateUnifiedRequestSchema);
  switch (body.operation) {
    case 'validate':
      return await validateOperation(c, body.credentials, body.device, body.heldLicense);
    case 'instant':
      return await instantOperation(c, body.credentials, body.device);
    case 'session':
      switch (body.action) {
        case 'heartbeat':
        case 'end':
          return await sessionBearer(c, body.action, body.credentials.sessionId, body.heldLicense);
        case 'start':
        case 'takeover':
          return await sessionClaim(c, body.action, body.credentials, body.device);
      }
  }
});

// Legacy aliases.
const legacyDevice = (b: { machineFingerprint: string; components: Record<string, string>; name: string; platform: string; appVersion: string }): Device => ({
  machineFingerprint: b.machineFingerprint,
  components: b.components,
  name: b.name,
  platform: b.platform,
  appVersion: b.appVersion,
});

validateRoutes.post('/validate', async (c) => {
  const b = await readJson(c, legacyValidateRequestSchema);
  return await validateOperation(c, { email: b.email, token: b.token }, legacyDevice(b));
});

validateRoutes.post('/instant-validate', async (c) => {
  const b = await readJson(c, legacyInstantRequestSchema);
  return await instantOperation(c, { email: b.email, stripeSessionId: b.stripeSessionId, claimSecret: b.claimSecret }, legacyDevice(b));
});

for (const action of ['start', 'takeover'] as const) {
  validateRoutes.post(`/session/${action}`, async (c) => {
    const b = await readJson(c, legacySessionClaimSchema);
    return await sessionClaim(c, action, b.credentials, b.device);
  });
}
for (const action of ['heartbeat', 'end'] as const) {
  validateRoutes.post(`/session/${action}`, async (c) => {
    const b = await readJson(c, legacySessionBearerSchema);
    return await sessionBearer(c, action, b.credentials.sessionId, b.heldLicense);
  });
}
