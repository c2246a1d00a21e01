/**
 * At start-up: `?endpoint=<url>&model=<name>` in the address selects and connects that server
 * (a shareable link; the API key is never part of it). Otherwise the last settings come back;
 * on-device weights are loaded only when already stored, never downloaded unasked.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';

let started = false;

export function useEngineBootstrap() {
  const bootstrapEngine = useAppStore((s) => s.bootstrapEngine);
  useEffect(() => {
    // StrictMode runs effects twice; connecting twice would race two loads.
    if (started) return;
    started = true;
    const params = new URLSearchParams(window.location.search);
    void bootstrapEngine({ endpoint: params.get('endpoint'), model: params.get('model') });
  }, [bootstrapEngine]);
}
