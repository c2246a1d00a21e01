/**
 * web-llm's errors reach the page as strings (its worker handler posts `err.toString()`), so the
 * error class is gone and only the text is left to recognise. Each known failure becomes an
 * AppError with what the person can do next; the original text is kept as detail.
 */
import { AppError } from '../../core/errors';
import { overflowFromText } from '../../core/llm/context-overflow';

interface Rule {
  test: RegExp;
  make: (text: string) => AppError;
}

const url = (text: string) => /https?:\/\/[^\s'"]+/.exec(text)?.[0] ?? null;

// Order matters: the device-lost text mentions "out of memory", the quota text mentions storage.
const RULES: Rule[] = [
  {
    test: /ContextWindowSizeExceededError|exceed context window size/i,
    make: (text) =>
      overflowFromText(text) ??
      new AppError(
        'context_overflow',
        'The prompt does not fit the model\u2019s context window.',
        'Load the model with a larger window, or untick tables the question does not need.',
        text,
      ),
  },
  {
    // XGrammar could not compile the schema's grammar, or the request carried it wrongly.
    test: /GrammarMatcherInitError|InvalidResponseFormatGrammarError/,
    make: (text) =>
      new AppError(
        'grammar_rejected',
        'The on-device model could not compile the grammar of the schema.',
        'Run again with \u201cSQL constrained to the schema\u201d off; the detail below says what XGrammar refused.',
        text,
      ),
  },
  {
    // A page and a worker script from different builds (webllm-protocol.ts).
    test: /WebLlmProtocolError/,
    make: (text) =>
      new AppError(
        'unknown',
        'The page and its model worker come from different versions of the playground.',
        'Reload the page to load one version of both.',
        text,
      ),
  },
  {
    test: /AbortError|aborted by the user|The operation was aborted/i,
    make: () => new AppError('aborted', 'Loading was cancelled.'),
  },
  {
    test: /QuotaExceeded|quota (has been )?exceeded|not enough (storage|space)/i,
    make: (text) =>
      new AppError(
        'storage_quota',
        'The browser ran out of storage space for the model files.',
        'Free space: delete stored models you no longer need in the cache manager below (or other sites\u2019 data), or pick a smaller model.',
        text,
      ),
  },
  {
    test: /device was lost|DeviceLostError|device lost|GPUDeviceLostInfo/i,
    make: (text) =>
      new AppError(
        'device_lost',
        'The GPU stopped responding while the model was loading (often it ran out of memory).',
        'Try a smaller model (0.5B or 1.5B), close other GPU-heavy tabs, then load again.',
        text,
      ),
  },
  {
    test: /shader-f16/i,
    make: (text) =>
      new AppError(
        'no_shader_f16',
        'This model needs the shader-f16 GPU feature, which this browser or GPU does not offer.',
        'Pick the q4f32_1 build of the same model.',
        text,
      ),
  },
  {
    test: /WebGPUNotAvailableError|WebGPU is not supported|Cannot find WebGPU|WebGPUNotFoundError/i,
    make: (text) =>
      new AppError(
        'webgpu_unavailable',
        'WebGPU is not available in this browser, so the model cannot run on this device.',
        'Use the OpenAI-compatible server engine, or open the playground in a recent Chrome or Edge.',
        text,
      ),
  },
  {
    test: /out of memory|\bOOM\b|Cannot allocate|Failed to allocate|too large|exceeds limit|maxStorageBufferBindingSize|maxBufferSize|Invalid WebGPU buffer size/i,
    make: (text) =>
      new AppError(
        'model_too_large',
        'This model is too large for this GPU.',
        'Pick a smaller model (0.5B or 1.5B), or use the OpenAI-compatible server engine.',
        text,
      ),
  },
  {
    test: /Cannot find model record|ModelNotFoundError/i,
    make: (text) =>
      new AppError(
        'model_not_found',
        'web-llm does not know this model id.',
        'Pick a model from the list, or check the custom model\u2019s id.',
        text,
      ),
  },
  {
    test: /Failed to fetch|NetworkError|Network response was not ok|Request failed|Unable to fetch|Cannot fetch|failed to fetch|Failed to store|ERR_|status (4|5)\d\d|Load failed|not valid JSON|Unexpected token/i,
    make: (text) => {
      const where = url(text);
      return new AppError(
        'model_download_failed',
        where
          ? `The model files could not be downloaded from ${where}.`
          : 'The model files could not be downloaded.',
        'Check your internet connection and try again; for a custom model, check that both URLs are right and the server allows this page (CORS).',
        text,
      );
    },
  },
];

export function mapWebLlmError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  for (const rule of RULES) {
    if (rule.test.test(text)) return rule.make(text);
  }
  return new AppError(
    'unknown',
    'The on-device model failed.',
    'Try loading it again, or pick another model.',
    text,
  );
}
