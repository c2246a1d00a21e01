/**
 * What a link's `?endpoint=` (and `?model=`) may do. A link is written by anyone, so it never
 * connects by itself to a server the person does not already use: it only proposes one, and the
 * page asks before a single request goes there. A link that names the server already in use
 * changes nothing about where data goes, so it applies at once.
 */
import { endpointHost, normalizeEndpoint, sameEndpoint } from './endpoint-origin';

export interface ServerProposal {
  /** The API root the link names, normalised (no credentials, query or fragment). */
  endpoint: string;
  /** "other-host:8000", as the person should read it. */
  host: string;
  /** The model the link names, or null. */
  model: string | null;
}

export type ServerLink =
  | { kind: 'none' }
  /** The link names the server in use: apply its model (if any) and connect as before. */
  | { kind: 'current'; model: string | null }
  | { kind: 'proposal'; proposal: ServerProposal }
  /** The link's endpoint is no http(s) URL: nothing to propose. */
  | { kind: 'invalid'; text: string };

export interface ServerInUse {
  endpoint: string;
  /** True when the person's engine is the server (not the on-device model). */
  active: boolean;
}

/** The most of a link's model name worth keeping (model ids are short; a link may not be). */
const MODEL_NAME_LIMIT = 200;

export function readServerLink(
  params: { endpoint: string | null; model: string | null },
  inUse: ServerInUse,
): ServerLink {
  const text = params.endpoint?.trim() ?? '';
  if (!text) return { kind: 'none' };
  const model = params.model?.trim().slice(0, MODEL_NAME_LIMIT) || null;
  let endpoint: string;
  try {
    endpoint = normalizeEndpoint(text);
  } catch {
    return { kind: 'invalid', text };
  }
  if (inUse.active && sameEndpoint(endpoint, inUse.endpoint)) return { kind: 'current', model };
  return { kind: 'proposal', proposal: { endpoint, host: endpointHost(endpoint), model } };
}
