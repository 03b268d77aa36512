/**
 * The plan's price as the license service answers it (Stripe's price, or development billing's
 * own), formatted in the UI's language. The app never has a price of its own.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';

export interface PlanPriceValue {
  amountCents: number;
  currency: string;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalCount: number;
}

export function formatPlanPrice(price: PlanPriceValue, language: string): string {
  const locale = language.startsWith('el') ? 'el-GR' : 'en-GB';
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency });
  const digits = nf.resolvedOptions().maximumFractionDigits ?? 2;
  return nf.format(price.amountCents / 10 ** digits);
}

/** Takes the client as a prop: the activation screen is shown before the app's context exists. */
export function PlanPrice({ client, testId = 'plan-price' }: { client: ApiClient; testId?: string }) {
  const { t, i18n } = useTranslation();
  const [price, setPrice] = useState<{ data?: PlanPriceValue; error?: boolean }>({});
  useEffect(() => {
    let alive = true;
    client.call('billing.pricing', {}).then(
      (data) => { if (alive) setPrice({ data }); },
      () => { if (alive) setPrice({ error: true }); },
    );
    return () => { alive = false; };
  }, [client]);
  if (price.error) return <p className="muted" data-testid={`${testId}-unavailable`}>{t('pricing.unavailable')}</p>;
  if (!price.data) return <p className="muted" aria-busy="true">{t('common.loading')}</p>;
  const amount = formatPlanPrice(price.data, i18n.language);
  const per = t(`pricing.per.${price.data.interval}`, { count: price.data.intervalCount });
  return <p className="plan-price" data-testid={testId}><strong>{amount}</strong> {per}</p>;
}
