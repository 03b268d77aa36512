/**
 * The Greek VAT number (ΑΦΜ): nine digits, the last a check digit. Each of the first eight
 * digits is weighted by 2^(8−position) (256, 128, …, 2); the sum mod 11, then mod 10, is the
 * ninth digit. All zeros passes the arithmetic but is no one's number, so it is refused.
 * Shared: the Settings screen checks as the owner types, core checks again before saving.
 */
export function isValidAfm(s: string): boolean {
  if (!/^\d{9}$/.test(s) || s === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(s[i]) * 2 ** (8 - i);
  return (sum % 11) % 10 === Number(s[8]);
}
