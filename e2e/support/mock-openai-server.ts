/**
 * A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI protocol for the app's
 * OpenAI-compatible engine: `GET /v1/models` and `POST /v1/chat/completions`, streamed (SSE) or
 * not. Each test says what the "model" answers through `respond`, so replies are test data,
 * never a canned model inside the app. CORS is open because the built app is served from
 * another origin (vite preview), exactly as with a real Ollama or vLLM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatCompletionBody {
  model?: string;
  messages?: { role: string; content: string }[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

export interface MockReply {
  content: string;
  /**
   * Thinking sent apart from the answer, before it, as a reasoning parser does: vLLM's
   * `delta.reasoning_content` (default) or Ollama's `delta.reasoning`. Inline `<think>` blocks
   * go in `content` instead, as llama.cpp and Ollama send them without a parser.
   */
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Characters per SSE chunk (default 4). */
  chunkSize?: number;
  delayMsPerChunk?: number;
  /** Destroy the socket mid-stream after this many characters were sent. */
  dropAfterChars?: number;
  /**
   * With `dropAfterChars`: cut only once this settles (e.g. when the page shows the partial
   * text), so that a slow browser cannot lose the partial text it had not read yet.
   */
  dropWhen?: Promise<unknown>;
  /**
   * Pause the stream after this many characters until `holdUntil` settles, then send the rest:
   * a test sees the partial answer however slow the machine, instead of racing a timer.
   */
  holdAfterChars?: number;
  holdUntil?: Promise<unknown>;
  /** An HTTP error status instead of a completion. */
  status?: number;
  errorBody?: string;
  /** Headers sent with the error status (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Never answer (to test timeouts and cancel). */
  hang?: boolean;
  /** 'length' to send an answer cut by a limit (usage then says max_tokens were used). */
  finishReason?: 'stop' | 'length';
  /** The answers to a request for `n` > 1 choices (vLLM's `n`); default: `content` n times. */
  choices?: string[];
}

/** The server a mock pretends to be, told by the routes only that server has. */
export type MockServerKind = 'llama.cpp' | 'vllm' | 'ollama';

export interface MockOpenAiServerOptions {
  respond: (body: ChatCompletionBody) => MockReply | Promise<MockReply>;
  /** Model ids listed by `GET /v1/models`; without it the endpoint answers 404. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <key>` get a 401. */
  requireApiKey?: string;
  /** Behave as `vllm serve --max-model-len N` does (see VllmMode). */
  vllm?: VllmMode;
  /** Answer llama.cpp's `/props`, vLLM's `/version` or Ollama's `/api/version`. */
  kind?: MockServerKind;
  /** The version vLLM's `/version` reports (default 0.12.0). */
  vllmVersion?: string;
}

/**
 * vLLM's window check: GET /v1/models lists `max_model_len`; a chat whose prompt tokens plus
 * max_tokens exceed it gets HTTP 400 with vLLM's own message, before any generation.
 */
export interface VllmMode {
  maxModelLen: number;
  /** Prompt tokens of a chat as the server counts them (its tokenizer and chat template). */
  countPromptTokens: (messages: { role: string; content: string }[]) => number;
  /** False to hide max_model_len from /v1/models (a server that does not say its window). */
  listMaxModelLen?: boolean;
}

export interface MockOpenAiServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** Every chat completion request body, in order. */
  requests: ChatCompletionBody[];
  /** Requests refused because they did not fit the window (vLLM mode). */
  rejected: { promptTokens: number; maxTokens: number }[];
  /** What the server's /tokenize route counted, in order (vLLM and llama.cpp kinds). */
  tokenized: number[];
  /** Every request that reached the server (preflights included), with its Authorization header. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The Authorization header as sent, or null. */
  authorization: string | null;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Max-Age': '600',
  // A page reads Retry-After only when the server exposes it (it is not CORS-safelisted).
  'Access-Control-Expose-Headers': 'Retry-After, retry-after-ms',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, type: string) {
  sendJson(res, status, { error: { message, type, code: status } });
}

/** vLLM's /v1/models entry fields for the window. */
function vllmModelFields(vllm: VllmMode | undefined): Record<string, unknown> {
  return vllm && vllm.listMaxModelLen !== false ? { max_model_len: vllm.maxModelLen } : {};
}

/**
 * vLLM's refusal of a chat that does not fit (serving_engine's length check): the same
 * sentence and the same body shape, or null when it fits.
 */
function vllmWindowRefusal(
  vllm: VllmMode,
  body: ChatCompletionBody,
): { promptTokens: number; maxTokens: number; body: unknown } | null {
  const promptTokens = vllm.countPromptTokens(body.messages ?? []);
  const maxTokens = body.max_tokens ?? vllm.maxModelLen - promptTokens;
  if (promptTokens + maxTokens <= vllm.maxModelLen) return null;
  const message = `This model's maximum context length is ${vllm.maxModelLen} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`;
  return {
    promptTokens,
    maxTokens,
    body: { error: { message, type: 'BadRequestError', param: null, code: 400 } },
  };
}

/** Rough token count (words and punctuation) so usage figures are plausible and non-zero. */
function countTokens(text: string): number {
  return (text.match(/\w+|[^\s\w]/g) ?? []).length;
}

export async function startMockOpenAiServer(
  options: MockOpenAiServerOptions,
): Promise<MockOpenAiServer> {
  const requests: ChatCompletionBody[] = [];
  const rejected: MockOpenAiServer['rejected'] = [];
  const tokenized: number[] = [];
  const received: ReceivedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, String(error), 'server_error');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    received.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization ?? null,
    });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (options.requireApiKey !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${options.requireApiKey}`) {
        sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
        return;
      }
    }
    if (req.method === 'GET' && answerServerInfo(path, res)) return;
    if (req.method === 'POST' && (await answerTokenizer(path, req, res))) return;
    if (req.method === 'GET' && path === '/v1/models') {
      if (!options.models) {
        sendError(res, 404, 'Not found', 'not_found');
        return;
      }
      sendJson(res, 200, {
        object: 'list',
        data: options.models.map((id) => ({
          id,
          object: 'model',
          created: 0,
          owned_by: 'mock',
          ...vllmModelFields(options.vllm),
        })),
      });
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const raw = await readBody(req);
      let body: ChatCompletionBody;
      try {
        body = JSON.parse(raw) as ChatCompletionBody;
      } catch {
        sendError(res, 400, 'Request body is not JSON.', 'invalid_request_error');
        return;
      }
      requests.push(body);
      const refusal = options.vllm ? vllmWindowRefusal(options.vllm, body) : null;
      if (refusal) {
        rejected.push({ promptTokens: refusal.promptTokens, maxTokens: refusal.maxTokens });
        sendJson(res, 400, refusal.body);
        return;
      }
      const reply = await options.respond(body);
      await answerChat(body, reply, res);
      return;
    }
    sendError(res, 404, `No route for ${req.method} ${path}`, 'not_found');
  }

  /** The routes that tell server kinds apart (the engine probes them on connect). */
  function answerServerInfo(path: string, res: ServerResponse): boolean {
    if (options.kind === 'llama.cpp' && path === '/props') {
      sendJson(res, 200, {
        default_generation_settings: { n_ctx: 4096 },
        total_slots: 1,
        model_path: 'mock.gguf',
      });
      return true;
    }
    if (options.kind === 'vllm' && path === '/version') {
      sendJson(res, 200, { version: options.vllmVersion ?? '0.12.0' });
      return true;
    }
    if (options.kind === 'ollama' && path === '/api/version') {
      sendJson(res, 200, { version: '0.12.3' });
      return true;
    }
    return false;
  }

  /**
   * The tokenizer routes, as each server has them at its root: vLLM's `POST /tokenize` takes
   * the chat and answers `{count, max_model_len, tokens}`; llama.cpp's `POST /apply-template`
   * renders its template (ChatML here) and `POST /tokenize {content}` answers `{tokens}`.
   */
  async function answerTokenizer(
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const kind = options.kind;
    if (path !== '/tokenize' && !(kind === 'llama.cpp' && path === '/apply-template')) return false;
    if (kind !== 'vllm' && kind !== 'llama.cpp') return false;
    const body = JSON.parse(await readBody(req)) as {
      messages?: { role: string; content: string }[];
      content?: string;
    };
    if (path === '/apply-template') {
      const turns = (body.messages ?? []).map(
        (m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`,
      );
      sendJson(res, 200, { prompt: `${turns.join('')}<|im_start|>assistant\n` });
      return true;
    }
    const count =
      kind === 'vllm' && options.vllm
        ? options.vllm.countPromptTokens(body.messages ?? [])
        : countTokens(body.content ?? (body.messages ?? []).map((m) => m.content).join(' '));
    tokenized.push(count);
    const tokens = Array.from({ length: count }, (_, i) => i);
    sendJson(
      res,
      200,
      kind === 'vllm'
        ? { count, max_model_len: options.vllm?.maxModelLen ?? 4096, tokens }
        : { tokens },
    );
    return true;
  }

  /** A non-streamed answer with `n` choices, as vLLM gives for `n` > 1. */
  function answerChoices(body: ChatCompletionBody, reply: MockReply, res: ServerResponse) {
    const n = Number(body.n);
    const contents = Array.from({ length: n }, (_, i) => reply.choices?.[i] ?? reply.content);
    const promptTokens = countTokens((body.messages ?? []).map((m) => m.content).join(' '));
    const completionTokens = contents.reduce((sum, c) => sum + countTokens(c), 0);
    sendJson(res, 200, {
      id: `chatcmpl-mock-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? 'mock-model',
      choices: contents.map((content, index) => ({
        index,
        message: { role: 'assistant', content },
        finish_reason: 'stop',
      })),
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  async function answerChat(body: ChatCompletionBody, reply: MockReply, res: ServerResponse) {
    if (!body.stream && Number(body.n) > 1 && !reply.hang && reply.status === undefined) {
      answerChoices(body, reply, res);
      return;
    }
    if (reply.hang) return; // the socket stays open until the client gives up or close()
    if (reply.status !== undefined && reply.status >= 400) {
      res.writeHead(reply.status, {
        ...CORS_HEADERS,
        'Content-Type': 'application/json',
        ...reply.headers,
      });
      res.end(
        reply.errorBody ??
          JSON.stringify({ error: { message: `Mock error ${reply.status}`, code: reply.status } }),
      );
      return;
    }
    const id = `chatcmpl-mock-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'mock-model';
    const promptTokens = options.vllm
      ? options.vllm.countPromptTokens(body.messages ?? [])
      : countTokens((body.messages ?? []).map((m) => m.content).join(' '));
    const finish = reply.finishReason ?? 'stop';
    // A real server stops at max_tokens: a cut answer used them all.
    const completionTokens =
      finish === 'length' && body.max_tokens ? body.max_tokens : countTokens(reply.content);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };

    if (!body.stream) {
      if (reply.delayMsPerChunk) await sleep(reply.delayMsPerChunk);
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.content },
            finish_reason: finish,
          },
        ],
        usage,
      });
      return;
    }

    res.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra = {}) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...extra,
      })}\n\n`;

    res.write(chunk({ role: 'assistant', content: '' }, null));
    const size = Math.max(1, reply.chunkSize ?? 4);
    const field = reply.reasoningField ?? 'reasoning_content';
    for (let i = 0; i < (reply.reasoning ?? '').length; i += size) {
      if (reply.delayMsPerChunk) await sleep(reply.delayMsPerChunk);
      if (res.destroyed) return;
      res.write(chunk({ [field]: reply.reasoning!.slice(i, i + size), content: null }, null));
    }
    let sent = 0;
    for (let i = 0; i < reply.content.length; i += size) {
      if (reply.delayMsPerChunk) await sleep(reply.delayMsPerChunk);
      if (res.destroyed) return;
      const piece = reply.content.slice(i, i + size);
      // Real servers (llama.cpp, proxies) interleave comments; the client must skip them.
      if ((i / size) % 3 === 1) res.write(': keep-alive\n\n');
      res.write(chunk({ content: piece }, null));
      const before = sent;
      sent += piece.length;
      if (reply.holdAfterChars !== undefined && before < reply.holdAfterChars) {
        if (sent >= reply.holdAfterChars) await reply.holdUntil;
        if (res.destroyed) return;
      }
      if (reply.dropAfterChars !== undefined && sent >= reply.dropAfterChars) {
        // Let the written bytes reach the page's reader first: Chromium discards body data
        // still queued in the stream when the network error lands.
        await (reply.dropWhen ?? sleep(250));
        res.socket?.destroy();
        return;
      }
    }
    res.write(chunk({}, finish, { usage }));
    res.write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    rejected,
    tokenized,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
