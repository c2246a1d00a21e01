/**
 * The service worker (built by vite-plugin-pwa's injectManifest from this file).
 *
 * - Precaches the app shell, sql.js and its wasm, Monaco and the sample database on the first
 *   visit, so that a reload without network opens the app. Files over the precache size limit
 *   (web-llm's worker, ~6 MB) are cached the first time they are used instead: a visitor who
 *   only talks to a server never downloads them, and one who ran a model can run it offline.
 * - Offline mode: refuses every request that is not to this origin or to the chosen endpoint.
 * - Tells the page about requests its resource timing cannot see (those made by workers) and
 *   about the ones it refused, for the network meter.
 *
 * Model weights are web-llm's business (its own Cache Storage, fetched from its worker): this
 * worker never answers cross-origin requests, it only refuses them in offline mode.
 */
/// <reference lib="webworker" />
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import {
  isRequestAllowed,
  OPEN_POLICY,
  type NetworkPolicy,
  type NetworkRequest,
} from '../core/network/network-policy';
import type {
  NetworkRequestMessage,
  PageToWorkerMessage,
} from '../core/network/service-worker-messages';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: { url: string; revision: string | null }[];
};

// --- The offline-mode policy survives the worker being stopped and restarted. ---

const POLICY_CACHE = 'ttsql-network-policy';
const POLICY_KEY = new URL('network-policy.json', self.registration.scope).href;

let policy: NetworkPolicy | null = null;
const policyLoaded: Promise<NetworkPolicy> = caches
  .open(POLICY_CACHE)
  .then((cache) => cache.match(POLICY_KEY))
  .then((response) => (response ? (response.json() as Promise<NetworkPolicy>) : OPEN_POLICY))
  .catch(() => OPEN_POLICY)
  .then((loaded) => (policy ??= loaded));

async function storePolicy(next: NetworkPolicy): Promise<void> {
  policy = next;
  const cache = await caches.open(POLICY_CACHE);
  await cache.put(POLICY_KEY, new Response(JSON.stringify(next)));
}

// --- Reporting to the meter. ---

async function report(request: NetworkRequest): Promise<void> {
  const message: NetworkRequestMessage = { type: 'network-request', request };
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: false });
  for (const client of windows) client.postMessage(message);
}

async function isFromWorker(clientId: string): Promise<boolean> {
  if (!clientId) return false;
  const client = await self.clients.get(clientId);
  return client?.type === 'worker';
}

function refuse(request: Request): Response {
  void report({ url: request.url, bytes: 0, refused: true });
  return Response.error();
}

// This listener comes first: a refused request must never reach the precache or the network.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  const origin = self.location.origin;
  const decide = (current: NetworkPolicy) => isRequestAllowed(request.url, origin, current);

  if (policy === null) {
    // Just woken up: wait for the stored policy before letting a foreign request out.
    if (new URL(request.url).origin === origin) return;
    event.stopImmediatePropagation();
    event.respondWith(
      policyLoaded.then((loaded) => (decide(loaded) ? fetch(request) : refuse(request))),
    );
    return;
  }
  if (!decide(policy)) {
    event.stopImmediatePropagation();
    event.respondWith(refuse(request));
    return;
  }
  event.waitUntil(
    isFromWorker(event.clientId).then((fromWorker) =>
      fromWorker ? report({ url: request.url, bytes: 0, refused: false }) : undefined,
    ),
  );
});

self.addEventListener('message', (event) => {
  const message = event.data as PageToWorkerMessage | null;
  if (message?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (message?.type === 'network-policy') event.waitUntil(storePolicy(message.policy));
});

// --- Caching. ---

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// A reload of any in-app address opens the cached page.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// Hashed build files too big for the precache (web-llm): kept once used. The names change with
// their content, so a cached file is never stale.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && /\/assets\/[^/]+\.(js|wasm)$/.test(url.pathname),
  new CacheFirst({ cacheName: 'ttsql-large-assets' }),
);

self.addEventListener('activate', (event) => {
  // The first install takes this page at once (the meter and offline mode work from the start);
  // an update waits for the person's yes (SKIP_WAITING) and then reloads the page.
  event.waitUntil(self.clients.claim());
});
