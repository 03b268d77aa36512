/// <reference types="node" />
import type { TestProject } from 'vitest/node';
import { startFakeResend } from './node/fake-resend';
import { startFakeStripe } from './node/fake-stripe';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeStripePort: number;
    fakeResendUrl: string;
  }
}

/** Starts the Node-side fake Stripe and Resend APIs that worker tests point the SDKs at. */
export default async function setup(project: TestProject) {
  const stripe = await startFakeStripe();
  const resend = await startFakeResend();
  project.provide('fakeStripePort', stripe.port);
  project.provide('fakeResendUrl', `http://127.0.0.1:${resend.port}`);
  return async () => {
    await Promise.all([
      new Promise((resolve) => stripe.server.close(resolve)),
      new Promise((resolve) => resend.server.close(resolve)),
    ]);
  };
}
