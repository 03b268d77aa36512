/** Error values → the sentence a person reads, by code (translated), never by parsing text. */
import type { TFunction } from 'i18next';
import { toApiError } from './api/client';

export function errorText(t: TFunction, e: unknown): string {
  const err = typeof e === 'object' && e !== null && 'code' in e && !(e instanceof Error)
    ? (e as { code: string; message?: string })
    : toApiError(e);
  // "Your role cannot do this": say who can, so a manager is never told to ask a manager.
  const roles = (err as { details?: { requiredRoles?: unknown } }).details?.requiredRoles;
  if (err.code === 'PERMISSION_DENIED' && Array.isArray(roles) && roles.length > 0) {
    return t(roles.includes('manager') ? 'errors.PERMISSION_DENIED_manager' : 'errors.PERMISSION_DENIED_owner');
  }
  const key = `errors.${err.code}`;
  const text = t(key, { defaultValue: '', message: err.message });
  if (text) return text;
  return t('errors.generic', { message: err.message ?? err.code });
}
