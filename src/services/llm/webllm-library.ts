/**
 * The one door to web-llm on the page. It is about 6 MB, so it loads on first use (opening the
 * model picker, loading a model) and never with the first paint.
 */
type WebLlmModule = typeof import('@mlc-ai/web-llm');

let loading: Promise<WebLlmModule> | null = null;

export function loadWebLlm(): Promise<WebLlmModule> {
  loading ??= import('@mlc-ai/web-llm').catch((error: unknown) => {
    // A failed chunk load (offline) may succeed later: do not keep the rejection.
    loading = null;
    throw error;
  });
  return loading;
}
