// The console never shows or resends an unlock token: logged copies are redacted on the way out.

/** Templates whose email carried a token: never resent ("send a new token" goes through recovery). */
export const TOKEN_TEMPLATES: ReadonlySet<string> = new Set(['welcome', 'token_recovery', 'recovery_confirm']);

/**
 * An email whose logged copy had a credential taken out (a token, a confirmation or portal
 * link: the email module writes "[redacted]") cannot be resent usefully or safely.
 */
export const carriedCredential = (template: string, loggedText: string): boolean => TOKEN_TEMPLATES.has(template) || loggedText.includes('[redacted]');

const TOKEN_ANYWHERE = /POS(?:-[0-9A-Z]{5}){4}/g;

export const redactTokens = (text: string): string => text.replace(TOKEN_ANYWHERE, 'POS-•••••-•••••-•••••-•••••');
