/** Starts the meter and the service worker, and re-sends the policy when the endpoint changes. */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';

export function useNetworkBootstrap(): void {
  const startNetwork = useAppStore((s) => s.startNetwork);
  const syncNetworkPolicy = useAppStore((s) => s.syncNetworkPolicy);
  const engineChoice = useAppStore((s) => s.engineChoice);
  const endpoint = useAppStore((s) => s.serverSettings.endpoint);

  useEffect(() => startNetwork(), [startNetwork]);
  useEffect(() => syncNetworkPolicy(), [syncNetworkPolicy, engineChoice, endpoint]);
}
