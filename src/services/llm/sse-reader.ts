/**
 * Reads an OpenAI-style server-sent event stream into parsed JSON payloads. Network chunks split
 * anywhere (inside a line, inside a UTF-8 character), servers interleave `: keep-alive`
 * comments, end with `data: [DONE]`, and report failures either as an `event: error` or as a
 * JSON object with an `error` field; eventsource-parser handles the framing, this module the
 * OpenAI conventions on top.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** The server said, inside the stream, that it failed. */
export class SseServerError extends Error {
  constructor(
    message: string,
    readonly body: string,
  ) {
    super(message);
    this.name = 'SseServerError';
  }
}

function errorMessageOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('error' in value)) return null;
  const error = (value as { error: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return JSON.stringify(error);
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** How the stream ended: the server's `[DONE]`, or the body simply closing. */
export type SseEnd = 'done' | 'eof';

/**
 * Yields each JSON payload of the stream in order and returns how it ended. Throws `SseServerError` for error events and error objects; rejects with whatever the
 * body's reader rejects with when the connection drops (a TypeError in browsers).
 */
export async function* readSseJson(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<unknown, SseEnd> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        parser.feed(decoder.decode());
        // A final event without its blank line still counts (some proxies trim it).
        parser.feed('\n\n');
      } else {
        parser.feed(decoder.decode(value, { stream: true }));
      }
      while (pending.length > 0) {
        const event = pending.shift() as EventSourceMessage;
        const data = event.data.trim();
        if (data === '[DONE]') return 'done';
        const parsed = parseData(data);
        if (event.event === 'error') {
          throw new SseServerError(
            errorMessageOf(parsed) ?? (data || 'The server reported an error.'),
            data,
          );
        }
        const serverError = errorMessageOf(parsed);
        if (serverError !== null) throw new SseServerError(serverError, data);
        // Data that is not JSON is noise from a proxy or a non-OpenAI server: skip it.
        if (parsed !== undefined) yield parsed;
      }
      if (done) return 'eof';
    }
  } finally {
    // Stops the download when the consumer leaves early (Stop, an error).
    reader.cancel().catch(() => {});
  }
}
