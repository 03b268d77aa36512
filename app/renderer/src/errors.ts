/** Error values → the sentence a person reads, by code (translated), never by parsing text. */
import type { TFunction } from 'i18next';
import { toApiError } from './api/client';

export function errorText(t: TFunction, e: unknown): string {
  const err = typeof e === 'object' && e !== null && 'code' in e && !(e instanceof Error)
    ? (e as { code: string; message?: string })
    : toApiError(e);
  const key = `errors.${err.code}`;
  const text = t(key, { defaultValue: '', message: err.message });
  if (text) return text;
  return t('errors.generic', { message: err.message ?? err.code });
}
