import { useEffect, useState } from 'react';

/**
 * Milliseconds since `startedAt`, ticking while `running` (a few times a second is enough for
 * a clock; it must not compete with token rendering).
 */
export function useElapsed(startedAt: number | null, running: boolean, finalMs: number | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);
  if (finalMs != null) return finalMs;
  if (startedAt == null || !running) return null;
  return Math.max(0, now - startedAt);
}
