/**
 * The built page's Content Security Policy, written into index.html as a meta tag at build time
 * (`vite dev` injects inline scripts for hot reload, so development runs without it). Each source
 * is here for a reason, said beside it; docs/security.md explains the whole policy.
 */
import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: Record<string, string[]> = {
  // Anything not named below: only this app's own files.
  'default-src': ["'self'"],
  // The app's bundles only; 'wasm-unsafe-eval' lets sql.js, the tokenizer and web-llm compile
  // WebAssembly. No inline script and no eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The db, web-llm and Monaco workers and the service worker are the app's own files.
  'worker-src': ["'self'"],
  // Monaco adds <style> elements at run time; styles cannot run code.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Chart exports draw an SVG blob into an image; icons may be data URLs.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // The person's model server can be any host, and so can a database opened from a URL or
  // model weights: connections stay open, which is why a link's server needs a yes first.
  'connect-src': ['*', 'data:', 'blob:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-src': ["'none'"],
  'form-action': ["'self'"],
};

export function contentSecurityPolicy(): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/** Puts the policy first in <head> of the built page, before anything it governs. */
export function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
