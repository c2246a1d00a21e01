import { useNow } from '../../ui/use-now';

/**
 * Milliseconds since `startedAt`, ticking while `running` (a few times a second is enough for
 * a clock; it must not compete with token rendering).
 */
export function useElapsed(startedAt: number | null, running: boolean, finalMs: number | null) {
  const now = useNow(250, running);
  if (finalMs != null) return finalMs;
  if (startedAt == null || !running) return null;
  return Math.max(0, now - startedAt);
}
