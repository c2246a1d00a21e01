/**
 * What the page itself fetched, from the browser's resource timing (every fetch, script, image
 * and worker script of this document, since it opened). Requests made inside workers are not
 * here; the service worker reports those.
 */
import type { NetworkRequest } from '../../core/network/network-policy';

export function observeResourceTiming(onRequest: (request: NetworkRequest) => void): () => void {
  if (typeof PerformanceObserver === 'undefined') return () => undefined;
  // The default buffer (250 entries) would drop the early ones on a long session.
  performance.setResourceTimingBufferSize?.(5000);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      // transferSize: bytes over the wire (0 when served from a cache, or when a cross-origin
      // server does not send Timing-Allow-Origin).
      onRequest({ url: entry.name, bytes: entry.transferSize, refused: false });
    }
  });
  observer.observe({ type: 'resource', buffered: true });
  return () => observer.disconnect();
}
