import type { EmailLanguage, RenderedEmail } from './layout';
import { english } from './templates-en';
import { greek } from './templates-el';

/** The data each template needs. User-supplied strings are escaped by the renderer. */
export interface EmailTemplateData {
  welcome: { name: string; token: string; businessName?: string };
  token_recovery: { name?: string; token: string };
  machine_changed: { machineName: string; platform?: string; at: number };
  session_taken_over: { machineName: string; platform?: string; takenOverBy?: string; at: number };
  payment_failed: { name?: string; amountCents?: number; currency?: string };
  reactivated: { name?: string; currentPeriodEnd?: number | null };
  subscription_cancelled: { name?: string; endsAt?: number | null };
  renewal_reminder: { name?: string; renewsAt: number; amountCents?: number; currency?: string };
  refund_request: { customerEmail: string; customerId: string; reason: string; requestId?: string };
  refund_approved: { name?: string; amountCents: number; currency: string; subscriptionCancelled: boolean };
  refund_declined: { name?: string; reason: string };
  /** `screen` is the console URL (not a credential, so it stays in the logged copy). */
  operator_alert: { title: string; whatHappened: string; whatToDo: string; screen: string };
  recovery_confirm: { name?: string; link: string; expiresAt: number };
  /** /checkout for an email that already has a live subscription (rule 6: the answer does not say so). */
  checkout_already_subscribed: { name?: string };
  /** To the account's email: a checkout was paid although the subscription was live; undone. */
  duplicate_purchase: { name?: string; amountCents?: number | null; currency?: string | null; refunded: boolean };
  /** A free trial started on a computer (issue 13): the machine-bound unlock token and the end. */
  trial_welcome: { email: string; token: string; endsAt: number };
  /** A trial customer paid: the same customer, token and computer, now subscribed. */
  trial_converted: { name?: string; currentPeriodEnd: number | null };
  duplicate_purchase_operator: { customerEmail: string; customerId: string; checkoutSessionId: string; duplicateSubscriptionId: string | null; undone: boolean; detail: string };
}

export type EmailTemplate = keyof EmailTemplateData;

export const EMAIL_TEMPLATES = [
  'welcome',
  'token_recovery',
  'machine_changed',
  'session_taken_over',
  'payment_failed',
  'reactivated',
  'subscription_cancelled',
  'renewal_reminder',
  'refund_request',
  'refund_approved',
  'refund_declined',
  'operator_alert',
  'recovery_confirm',
  'checkout_already_subscribed',
  'duplicate_purchase',
  'duplicate_purchase_operator',
  'trial_welcome',
  'trial_converted',
] as const satisfies readonly EmailTemplate[];

export type Renderers = { [T in EmailTemplate]: (data: EmailTemplateData[T]) => Promise<RenderedEmail> };

const RENDERERS: Record<EmailLanguage, Renderers> = { en: english, el: greek };

export function renderEmail<T extends EmailTemplate>(template: T, data: EmailTemplateData[T], language: EmailLanguage = 'en'): Promise<RenderedEmail> {
  return RENDERERS[language][template](data);
}
