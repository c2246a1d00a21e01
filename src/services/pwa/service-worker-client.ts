/**
 * The page's side of the service worker: registration (vite-plugin-pwa's `registerSW`, which
 * does nothing under `vite dev`), "ready to work offline", "a new version is waiting", the
 * offline-mode policy sent down, and the requests the worker reports up for the meter.
 */
import type { NetworkPolicy, NetworkRequest } from '../../core/network/network-policy';
import {
  isNetworkRequestMessage,
  type PageToWorkerMessage,
} from '../../core/network/service-worker-messages';

export interface ServiceWorkerEvents {
  onOfflineReady(): void;
  onUpdateWaiting(): void;
  onControlled(): void;
  onRequest(request: NetworkRequest): void;
  onError(message: string): void;
}

export interface ServiceWorkerHandle {
  /** Activates the waiting version and reloads the page. */
  applyUpdate(): Promise<void>;
}

export function serviceWorkerSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
}

/** Whether this page is controlled now (offline mode can only be enforced then). */
export function isControlled(): boolean {
  return serviceWorkerSupported() && navigator.serviceWorker.controller !== null;
}

export async function startServiceWorker(
  events: ServiceWorkerEvents,
): Promise<ServiceWorkerHandle> {
  if (!serviceWorkerSupported()) return { applyUpdate: async () => location.reload() };
  const container = navigator.serviceWorker;
  container.addEventListener('message', (event: MessageEvent) => {
    if (isNetworkRequestMessage(event.data)) events.onRequest(event.data.request);
  });
  if (container.controller) events.onControlled();
  container.addEventListener('controllerchange', () => events.onControlled());

  const { registerSW } = await import('virtual:pwa-register');
  const updateSW = registerSW({
    immediate: true,
    onOfflineReady: events.onOfflineReady,
    onNeedRefresh: events.onUpdateWaiting,
    onRegisteredSW: (_url, registration) => {
      // A page opened again after the worker had already precached everything.
      if (registration?.active && container.controller) events.onOfflineReady();
    },
    onRegisterError: (error: unknown) =>
      events.onError(error instanceof Error ? error.message : String(error)),
  });
  return { applyUpdate: () => updateSW(true) };
}

/** Sends the policy to the active worker (it keeps it across restarts). */
export async function sendNetworkPolicy(policy: NetworkPolicy): Promise<void> {
  if (!serviceWorkerSupported()) return;
  const registration = await navigator.serviceWorker.ready;
  const message: PageToWorkerMessage = { type: 'network-policy', policy };
  registration.active?.postMessage(message);
}
