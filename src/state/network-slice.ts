/**
 * The network meter and the offline mode: every request the page and its workers made since it
 * opened (resource timing + the service worker's reports), what offline mode refused, and the
 * service worker's state (ready offline, an update waiting).
 */
import type { NetworkRequest } from '../core/network/network-policy';
import {
  sendNetworkPolicy,
  startServiceWorker,
  type ServiceWorkerHandle,
} from '../services/pwa/service-worker-client';
import { observeResourceTiming } from '../services/network/resource-timing';
import type { SliceCreator } from './slice';

export const OFFLINE_MODE_KEY = 'ttsql.offline-mode';

export type ServiceWorkerState = 'starting' | 'unsupported' | 'failed' | 'installing' | 'ready';

export interface NetworkSlice {
  networkRequests: NetworkRequest[];
  /** Refuse every request but this origin's and the active endpoint's (needs the service worker). */
  offlineMode: boolean;
  setOfflineMode(on: boolean): void;
  /** 'ready': everything the app needs is cached and this page is controlled. */
  serviceWorkerState: ServiceWorkerState;
  serviceWorkerError: string | null;
  updateWaiting: boolean;
  applyUpdate(): Promise<void>;
  /** Starts the meter and the service worker; once per page. */
  startNetwork(): () => void;
  /** The policy the worker must apply now: offline mode and the endpoint in use. */
  syncNetworkPolicy(): void;
}

function loadOfflineMode(): boolean {
  try {
    return localStorage.getItem(OFFLINE_MODE_KEY) === 'on';
  } catch {
    return false;
  }
}

export const createNetworkSlice: SliceCreator<NetworkSlice> = (set, get) => {
  let handle: ServiceWorkerHandle | null = null;
  let pending: NetworkRequest[] = [];
  let flushScheduled = false;

  // Many entries arrive at once (the first paint's files): one store update per frame.
  const record = (request: NetworkRequest) => {
    pending.push(request);
    if (flushScheduled) return;
    flushScheduled = true;
    setTimeout(() => {
      flushScheduled = false;
      const batch = pending;
      pending = [];
      set((s) => ({ networkRequests: [...s.networkRequests, ...batch] }));
    }, 50);
  };

  let controlled = false;
  let offlineReady = false;
  const updateState = () =>
    set({ serviceWorkerState: controlled && offlineReady ? 'ready' : 'installing' });

  return {
    networkRequests: [],
    offlineMode: loadOfflineMode(),
    serviceWorkerState: 'starting',
    serviceWorkerError: null,
    updateWaiting: false,

    setOfflineMode: (on) => {
      try {
        if (on) localStorage.setItem(OFFLINE_MODE_KEY, 'on');
        else localStorage.removeItem(OFFLINE_MODE_KEY);
      } catch {
        // Applied for this visit only.
      }
      set({ offlineMode: on });
      get().syncNetworkPolicy();
    },

    syncNetworkPolicy: () => {
      const s = get();
      const endpoint = s.engineChoice === 'openai' ? s.serverSettings.endpoint : null;
      void sendNetworkPolicy({ offline: s.offlineMode, endpoint });
    },

    applyUpdate: async () => {
      await handle?.applyUpdate();
    },

    startNetwork: () => {
      const stopTiming = observeResourceTiming(record);
      if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
        set({ serviceWorkerState: 'unsupported' });
        return stopTiming;
      }
      startServiceWorker({
        onRequest: record,
        onOfflineReady: () => {
          offlineReady = true;
          updateState();
        },
        onControlled: () => {
          controlled = true;
          updateState();
          get().syncNetworkPolicy();
        },
        onUpdateWaiting: () => set({ updateWaiting: true }),
        onError: (message) => set({ serviceWorkerState: 'failed', serviceWorkerError: message }),
      }).then(
        (started) => {
          handle = started;
          if (get().serviceWorkerState === 'starting') updateState();
        },
        (error: unknown) =>
          set({
            serviceWorkerState: 'failed',
            serviceWorkerError: error instanceof Error ? error.message : String(error),
          }),
      );
      return stopTiming;
    },
  };
};
