/** The messages between the page and its service worker (src/sw/service-worker.ts). */
import type { NetworkPolicy, NetworkRequest } from './network-policy';

/** Page -> worker. `SKIP_WAITING` is workbox-window's own, sent when the person accepts an update. */
export type PageToWorkerMessage =
  { type: 'network-policy'; policy: NetworkPolicy } | { type: 'SKIP_WAITING' };

/**
 * Worker -> page: a request the page's resource timing cannot see (made by a dedicated worker:
 * sql.js, Monaco, web-llm), or one the offline mode refused.
 */
export interface NetworkRequestMessage {
  type: 'network-request';
  request: NetworkRequest;
}

export function isNetworkRequestMessage(data: unknown): data is NetworkRequestMessage {
  const message = data as NetworkRequestMessage | null;
  return (
    typeof message === 'object' &&
    message !== null &&
    message.type === 'network-request' &&
    typeof message.request?.url === 'string'
  );
}
