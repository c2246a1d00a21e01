/**
 * Which requests the page may make in offline mode, and how the network meter groups what was
 * sent. Plain functions: the service worker applies the rule, the page shows the counts, and the
 * tests check both without a browser.
 */

/** What the service worker needs to decide; the page sends it, the worker keeps it. */
export interface NetworkPolicy {
  /** Refuse every request that is not to this page's origin (or to the endpoint). */
  offline: boolean;
  /** The OpenAI-compatible server in use, when the server engine is active. */
  endpoint: string | null;
}

export const OPEN_POLICY: NetworkPolicy = { offline: false, endpoint: null };

function originOf(url: string, base?: string): string | null {
  try {
    return new URL(url, base).origin;
  } catch {
    return null;
  }
}

/** Schemes that never touch the network (the page's own blobs and inline data). */
const LOCAL_SCHEMES = ['data:', 'blob:', 'about:'];

export function isLocalUrl(url: string): boolean {
  return LOCAL_SCHEMES.some((scheme) => url.startsWith(scheme));
}

/** The offline-mode rule: this origin and the chosen endpoint pass, everything else is refused. */
export function isRequestAllowed(url: string, pageOrigin: string, policy: NetworkPolicy): boolean {
  if (!policy.offline || isLocalUrl(url)) return true;
  const origin = originOf(url, pageOrigin);
  if (origin === null) return false;
  if (origin === pageOrigin) return true;
  return policy.endpoint !== null && originOf(policy.endpoint) === origin;
}

/** One request the page or one of its workers made (or tried to make). */
export interface NetworkRequest {
  url: string;
  /** Bytes on the wire when the browser tells (0 for a cross-origin server without Timing-Allow-Origin). */
  bytes: number;
  refused: boolean;
}

export interface HostTraffic {
  /** "example.com:8000", or the page's own host. */
  host: string;
  ownOrigin: boolean;
  requests: number;
  bytes: number;
  refused: number;
}

export function hostOf(url: string, pageOrigin: string): string {
  try {
    return new URL(url, pageOrigin).host || url.split(':')[0] || url;
  } catch {
    return url;
  }
}

/** Requests grouped by host: other hosts first (what a privacy check looks for), then by count. */
export function groupByHost(
  requests: readonly NetworkRequest[],
  pageOrigin: string,
): HostTraffic[] {
  const byHost = new Map<string, HostTraffic>();
  const ownHost = hostOf(pageOrigin, pageOrigin);
  for (const request of requests) {
    if (isLocalUrl(request.url)) continue;
    const host = hostOf(request.url, pageOrigin);
    const entry = byHost.get(host) ?? {
      host,
      ownOrigin: host === ownHost && originOf(request.url, pageOrigin) === pageOrigin,
      requests: 0,
      bytes: 0,
      refused: 0,
    };
    if (request.refused) entry.refused += 1;
    else {
      entry.requests += 1;
      entry.bytes += request.bytes;
    }
    byHost.set(host, entry);
  }
  return [...byHost.values()].sort(
    (a, b) =>
      Number(a.ownOrigin) - Number(b.ownOrigin) ||
      b.requests + b.refused - (a.requests + a.refused) ||
      a.host.localeCompare(b.host),
  );
}

/** Requests sent to any host but this page's own: the figure a privacy check reads. */
export function foreignRequestCount(traffic: readonly HostTraffic[]): number {
  return traffic.filter((t) => !t.ownOrigin).reduce((sum, t) => sum + t.requests, 0);
}
