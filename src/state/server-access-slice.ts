/**
 * Who may receive what: the API keys, kept per server origin, and a server proposed by a link,
 * which waits here for the person's yes before any request goes to it.
 */
import { keyFor, withKey, type ApiKeys } from '../core/security/api-keys';
import type { ServerProposal } from '../core/security/server-link';
import { loadApiKeys, saveApiKeys } from '../services/storage/api-key-store';
import type { SliceCreator } from './slice';

export type { ServerProposal } from '../core/security/server-link';

export interface ServerAccessSlice {
  /** origin -> key. Read one with `selectApiKey(endpoint)`. */
  apiKeys: ApiKeys;
  /** Keeps the key for the server this endpoint points at (an empty key forgets it). */
  setApiKeyFor(endpoint: string, key: string): void;
  /** A server a link named that the person has not said yes to; nothing is sent there yet. */
  serverProposal: ServerProposal | null;
  proposeServer(proposal: ServerProposal): void;
  /** The person's yes: switch to the proposed server (with its own key, if one is kept) and connect. */
  acceptServerProposal(): Promise<void>;
  dismissServerProposal(): void;
}

/** The key a request to this endpoint may carry: only the one typed for its origin. */
export const selectApiKey =
  (endpoint: string) =>
  (state: { apiKeys: ApiKeys }): string =>
    keyFor(state.apiKeys, endpoint);

export const createServerAccessSlice: SliceCreator<ServerAccessSlice> = (set, get) => ({
  apiKeys: loadApiKeys(),
  setApiKeyFor(endpoint, key) {
    const apiKeys = withKey(get().apiKeys, endpoint, key);
    set({ apiKeys });
    saveApiKeys(apiKeys);
  },

  serverProposal: null,
  proposeServer(proposal) {
    set({ serverProposal: proposal });
  },
  async acceptServerProposal() {
    const proposal = get().serverProposal;
    if (!proposal) return;
    set({ serverProposal: null });
    get().setServerSettings({ endpoint: proposal.endpoint, model: proposal.model ?? '' });
    await get().connectServer();
  },
  dismissServerProposal() {
    set({ serverProposal: null });
  },
});
