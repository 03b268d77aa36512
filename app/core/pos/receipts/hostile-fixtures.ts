import { expect } from 'vitest';
import iconv from 'iconv-lite';
import { CODE_PAGES, type CodePage } from './escpos';
import { inspectEscPos } from './escpos-inspect';

/**
 * Printer commands as an attacker types them into a note (test helper): a reset, a switch to
 * code page 0 (PC437: the Greek after it prints as garbage), a partial cut, a cash-drawer kick
 * (ESC p and the real-time DLE DC4 pulse), a font change, NUL, DEL and a C1 CSI.
 */
export const ATTACK = '\x1b@\x1bt\x00\x1dVB\x00\x1bp\x00\x19\xfa\x10\x14\x01\x00\x05\x1b!\x30\x00\x7f\u009b';

/** Words around the attack, with the user's own CR LF / TAB / CR between some of them (fits a 60-character name). */
export const BEFORE = 'Χωρίς';
export const AFTER = 'Ελληνικά\r\nδύο\tτρία\rτέσσερα';
export const WORDS = ['Χωρίς', 'Ελληνικά', 'δύο', 'τρία', 'τέσσερα'];

export const hostile = (prefix = ''): string => `${prefix}${BEFORE} ${ATTACK} ${AFTER}`;
/** The same field with harmless text: what the layout's commands look like for it. */
export const benign = (prefix = ''): string => `${prefix}${BEFORE} ${AFTER.replace(/[\r\n\t]+/g, ' ')}`;

const commands = (readable: string) => readable.match(/\[[^\]]*\]/g) ?? [];

/**
 * Asserts a job printed from hostile text carries exactly the layout's own commands (those of
 * the same job printed from benign text: one init and code page at the start, one cut at the
 * end, no drawer kick, no stray control byte), that every word around the attack is there, and
 * that the Greek after it is still encoded in the printer's Greek code page (the words only
 * when the job prints the field: a kitchen ticket has no shop name).
 */
export function expectOnlyLayoutCommands(job: Buffer, benignJob: Buffer, codePage: CodePage = 'cp737', printsTheField = true): void {
  const readable = inspectEscPos(job, codePage);
  const cmds = commands(readable);
  expect(cmds).toEqual(commands(inspectEscPos(benignJob, codePage)));
  expect(cmds.filter((c) => c === '[INIT]')).toHaveLength(1);
  expect(cmds[0]).toBe('[INIT]');
  expect(cmds[1]).toMatch(/^\[CODEPAGE /);
  expect(cmds.filter((c) => c.startsWith('[CODEPAGE'))).toHaveLength(1);
  expect(cmds.filter((c) => c.startsWith('[CUT'))).toHaveLength(1);
  expect(cmds.at(-1)).toMatch(/^\[CUT /);
  expect(readable).not.toMatch(/\[(DRAWER|CTL|ESC|GS) /);
  if (!printsTheField) return;
  // Upper case on both sides: the kitchen prints its station name in capitals.
  const words = readable.replace(/\[[^\]]*\]/g, ' ').toUpperCase();
  for (const word of WORDS) expect(words).toContain(word.toUpperCase());
  const greek = (text: string) => job.includes(iconv.encode(text, CODE_PAGES[codePage].iconvName));
  expect(greek('Ελληνικά') || greek('Ελληνικά'.toUpperCase())).toBe(true);
}
