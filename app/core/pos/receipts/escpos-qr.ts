/**
 * Sizing a QR code for receipt paper. A receipt's QR (AADE's invoice link, the menu's URL) is
 * byte-mode data at error correction M; the printer draws `17 + 4 × version` modules of
 * `moduleSize` dots each, and a symbol wider than the print head is clipped or refused. So the
 * version comes from the data's length (ISO/IEC 18004 capacities), and the module size shrinks
 * until the symbol and a 4-module quiet zone on each side fit the paper.
 */

/** Bytes a QR code holds in byte mode at error correction M, for versions 1–40. */
const BYTE_CAPACITY_M = [
  14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
  711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
] as const;

/** The most data one QR code (version 40, error correction M, byte mode) holds. */
export const QR_MAX_BYTES = 2331;

/** Dots across the print head at 203 dpi: 58 mm rolls print 48 mm, 80 mm rolls 72 mm. */
export const PRINTABLE_DOTS = { 58: 384, 80: 576 } as const;

const QUIET_ZONE_MODULES = 4;

/** The smallest version that holds `byteLength` bytes at error correction M; null past version 40. */
export function qrVersionFor(byteLength: number): number | null {
  const index = BYTE_CAPACITY_M.findIndex((capacity) => byteLength <= capacity);
  return index < 0 ? null : index + 1;
}

/** The largest module size up to `preferred` (1–16) whose symbol, quiet zone included, fits `maxDots`; at least 1. */
export function qrModuleSize(byteLength: number, preferred: number, maxDots: number): number {
  const version = qrVersionFor(byteLength) ?? 40;
  const modules = 17 + 4 * version + 2 * QUIET_ZONE_MODULES;
  return Math.max(1, Math.min(16, preferred, Math.floor(maxDots / modules)));
}
