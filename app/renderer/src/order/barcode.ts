/**
 * A barcode scanner is a keyboard that types fast and presses Enter. Keys that arrive less
 * than `maxGapMs` apart, at least `minLength` of them, followed by Enter, are a scan; a person
 * typing is slower, so their keys never form one.
 */
export interface BarcodeDetectorOptions { minLength?: number; maxGapMs?: number }

export class BarcodeDetector {
  private buffer = '';
  private last = -Infinity;
  private readonly minLength: number;
  private readonly maxGapMs: number;

  constructor(opts: BarcodeDetectorOptions = {}) {
    this.minLength = opts.minLength ?? 4;
    this.maxGapMs = opts.maxGapMs ?? 40;
  }

  /** Feeds one key; returns the scanned code when Enter completes a fast burst. */
  feed(key: string, at: number): string | null {
    const gap = at - this.last;
    this.last = at;
    if (key === 'Enter') {
      const code = gap <= this.maxGapMs && this.buffer.length >= this.minLength ? this.buffer : null;
      this.buffer = '';
      return code;
    }
    if (key.length !== 1) { this.buffer = ''; return null; }
    this.buffer = gap <= this.maxGapMs ? this.buffer + key : key;
    return null;
  }

  /** How many characters of the current burst have been typed (to take them back out of an input). */
  get burstLength(): number { return this.buffer.length; }
}
