/**
 * The time as a screen shows it. Rendering must be pure (the React Compiler's purity rule), so
 * the clock is read once when the screen opens and then only by a timer, every `everyMs` while
 * that is a number (a countdown), never during a render.
 */
import { useEffect, useState } from 'react';

export function useNow(everyMs: number | null = null): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (everyMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
