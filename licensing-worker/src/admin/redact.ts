// The console never shows or resends an unlock token: logged copies are redacted on the way out.

/** Templates whose email carried a token: never resent ("send a new token" goes through recovery). */
export const TOKEN_TEMPLATES: ReadonlySet<string> = new Set(['welcome', 'token_recovery']);

const TOKEN_ANYWHERE = /POS(?:-[0-9A-Z]{5}){4}/g;

export const redactTokens = (text: string): string => text.replace(TOKEN_ANYWHERE, 'POS-•••••-•••••-•••••-•••••');
