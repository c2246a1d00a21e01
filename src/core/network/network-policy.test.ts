import { describe, expect, it } from 'vitest';
import {
  foreignRequestCount,
  groupByHost,
  isRequestAllowed,
  OPEN_POLICY,
  type NetworkRequest,
} from './network-policy';

const PAGE = 'https://play.example.org';

describe('offline-mode rule', () => {
  it('lets everything through when offline mode is off', () => {
    expect(isRequestAllowed('https://huggingface.co/x', PAGE, OPEN_POLICY)).toBe(true);
  });

  it('allows this origin, relative URLs and local schemes only', () => {
    const policy = { offline: true, endpoint: null };
    expect(isRequestAllowed(`${PAGE}/assets/a.js`, PAGE, policy)).toBe(true);
    expect(isRequestAllowed('./samples/chinook.sqlite', PAGE, policy)).toBe(true);
    expect(isRequestAllowed('blob:https://play.example.org/123', PAGE, policy)).toBe(true);
    expect(isRequestAllowed('data:text/plain,hi', PAGE, policy)).toBe(true);
    expect(isRequestAllowed('https://huggingface.co/mlc-ai/x', PAGE, policy)).toBe(false);
    // Same host, other port or scheme: another origin.
    expect(isRequestAllowed('https://play.example.org:8443/', PAGE, policy)).toBe(false);
    expect(isRequestAllowed('http://play.example.org/', PAGE, policy)).toBe(false);
    // A look-alike host is not the page.
    expect(isRequestAllowed('https://play.example.org.evil.test/', PAGE, policy)).toBe(false);
  });

  it('allows the chosen endpoint by origin, whatever the path', () => {
    const policy = { offline: true, endpoint: 'http://localhost:11434/v1' };
    expect(isRequestAllowed('http://localhost:11434/v1/chat/completions', PAGE, policy)).toBe(true);
    expect(isRequestAllowed('http://localhost:11434/api/tags', PAGE, policy)).toBe(true);
    expect(isRequestAllowed('http://localhost:8000/v1/models', PAGE, policy)).toBe(false);
    expect(isRequestAllowed('not a url at all', 'not an origin', policy)).toBe(false);
  });

  it('refuses everything foreign when the endpoint is not a URL', () => {
    const policy = { offline: true, endpoint: 'localhost 11434' };
    expect(isRequestAllowed('http://localhost:11434/v1/models', PAGE, policy)).toBe(false);
  });
});

describe('grouping by host', () => {
  const requests: NetworkRequest[] = [
    { url: `${PAGE}/index.html`, bytes: 1000, refused: false },
    { url: `${PAGE}/assets/a.js`, bytes: 5000, refused: false },
    { url: 'http://127.0.0.1:9000/v1/chat/completions', bytes: 300, refused: false },
    { url: 'http://127.0.0.1:9000/v1/chat/completions', bytes: 200, refused: false },
    {
      url: 'https://huggingface.co/mlc-ai/x/resolve/main/mlc-chat-config.json',
      bytes: 0,
      refused: true,
    },
    { url: 'blob:https://play.example.org/1', bytes: 10, refused: false },
  ];

  it('counts requests, bytes and refusals per host, foreign hosts first', () => {
    expect(groupByHost(requests, PAGE)).toEqual([
      { host: '127.0.0.1:9000', ownOrigin: false, requests: 2, bytes: 500, refused: 0 },
      { host: 'huggingface.co', ownOrigin: false, requests: 0, bytes: 0, refused: 1 },
      { host: 'play.example.org', ownOrigin: true, requests: 2, bytes: 6000, refused: 0 },
    ]);
  });

  it('counts only sent foreign requests as foreign', () => {
    expect(foreignRequestCount(groupByHost(requests, PAGE))).toBe(2);
    expect(foreignRequestCount(groupByHost(requests.slice(0, 2), PAGE))).toBe(0);
  });
});
