import { describe, expect, it } from 'vitest';
import { readSseJson, SseServerError } from './sse-reader';

const encoder = new TextEncoder();

function streamOf(parts: Uint8Array[], failAfter = false): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < parts.length) controller.enqueue(parts[index++] as Uint8Array);
      else if (failAfter) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
}

/** Splits the encoded text into two chunks at `at` bytes: every split point gets tested. */
function splitAt(text: string, at: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  return [bytes.slice(0, at), bytes.slice(at)];
}

async function collect(body: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of readSseJson(body)) out.push(value);
  return out;
}

const chunk = (content: string) =>
  `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;

// "é" and "→" make multi-byte UTF-8 characters, so some split points fall inside one.
const STREAM =
  ': keep-alive\n\n' +
  chunk('SELECT é') +
  ': ping\n\n' +
  chunk(' → 1;') +
  `data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 3 } })}\n\n` +
  'data: [DONE]\n\n' +
  chunk('after done is ignored');

const EXPECTED = [
  { choices: [{ delta: { content: 'SELECT é' } }] },
  { choices: [{ delta: { content: ' → 1;' } }] },
  { choices: [{ delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 3 } },
];

describe('readSseJson', () => {
  it('yields the same events wherever the network splits the bytes', async () => {
    const length = encoder.encode(STREAM).length;
    for (let at = 0; at <= length; at++) {
      expect(await collect(streamOf(splitAt(STREAM, at))), `split at byte ${at}`).toEqual(EXPECTED);
    }
  });

  it('yields the same events when every byte arrives alone', async () => {
    const bytes = encoder.encode(STREAM);
    const parts = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await collect(streamOf(parts))).toEqual(EXPECTED);
  });

  it('reads CRLF line endings', async () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    expect(await collect(streamOf([encoder.encode(crlf)]))).toEqual(EXPECTED);
  });

  it('stops at [DONE] and ignores what follows', async () => {
    const out = await collect(
      streamOf([encoder.encode(chunk('a') + 'data: [DONE]\n\n' + chunk('b'))]),
    );
    expect(out).toEqual([{ choices: [{ delta: { content: 'a' } }] }]);
  });

  it('ends quietly when the body ends without [DONE]; the last event needs no blank line', async () => {
    const out = await collect(streamOf([encoder.encode(chunk('a') + 'data: {"x":1}')]));
    expect(out).toEqual([{ choices: [{ delta: { content: 'a' } }] }, { x: 1 }]);
  });

  it('throws an SseServerError for an error event, with the server message', async () => {
    const body = chunk('a') + 'event: error\ndata: {"error":{"message":"model crashed"}}\n\n';
    const seen: unknown[] = [];
    const run = async () => {
      for await (const value of readSseJson(streamOf([encoder.encode(body)]))) seen.push(value);
    };
    await expect(run()).rejects.toThrow('model crashed');
    expect(seen).toHaveLength(1);
  });

  it('throws for an error event whose data is plain text', async () => {
    const body = 'event: error\ndata: upstream timed out\n\n';
    await expect(collect(streamOf([encoder.encode(body)]))).rejects.toThrow('upstream timed out');
  });

  it('throws for a JSON error object sent as ordinary data (vLLM, llama.cpp)', async () => {
    const body =
      chunk('a') + 'data: {"error":{"message":"context length exceeded","code":400}}\n\n';
    await expect(collect(streamOf([encoder.encode(body)]))).rejects.toBeInstanceOf(SseServerError);
    await expect(
      collect(streamOf([encoder.encode('data: {"error":"overloaded"}\n\n')])),
    ).rejects.toThrow('overloaded');
  });

  it('skips data lines that are not JSON', async () => {
    const out = await collect(streamOf([encoder.encode('data: hello\n\n' + chunk('a'))]));
    expect(out).toEqual([{ choices: [{ delta: { content: 'a' } }] }]);
  });

  it('passes on the reader failure when the connection drops mid-stream', async () => {
    const seen: unknown[] = [];
    const run = async () => {
      for await (const value of readSseJson(streamOf([encoder.encode(chunk('partial'))], true))) {
        seen.push(value);
      }
    };
    await expect(run()).rejects.toBeInstanceOf(TypeError);
    expect(seen).toEqual([{ choices: [{ delta: { content: 'partial' } }] }]);
  });
});
