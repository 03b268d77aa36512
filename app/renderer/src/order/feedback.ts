/** A short beep for a good scan (when the browser lets us make sound). */
let ctx: AudioContext | null = null;

export function beep(ok = true): void {
  try {
    const AC = window.AudioContext;
    if (!AC) return;
    ctx ??= new AC();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = ok ? 1320 : 220;
    gain.gain.value = 0.05;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + (ok ? 0.06 : 0.2));
  } catch { /* no audio: the flash is enough */ }
}
