import { describe, expect, it } from 'vitest';
import { readServerLink } from './server-link';

const usingA = { endpoint: 'http://127.0.0.1:8000/v1', active: true };

describe('what a link’s ?endpoint= may do', () => {
  it('proposes any other server, normalised, with the host a person reads', () => {
    expect(
      readServerLink({ endpoint: 'https://u:p@other-host:9000/v1/?key=1#x', model: 'm' }, usingA),
    ).toEqual({
      kind: 'proposal',
      proposal: { endpoint: 'https://other-host:9000/v1', host: 'other-host:9000', model: 'm' },
    });
  });

  it('applies at once only when it names the server already in use', () => {
    expect(readServerLink({ endpoint: 'http://127.0.0.1:8000/v1/', model: 'x' }, usingA)).toEqual({
      kind: 'current',
      model: 'x',
    });
    // The same URL is a proposal while the person uses the on-device model.
    expect(
      readServerLink({ endpoint: usingA.endpoint, model: null }, { ...usingA, active: false }).kind,
    ).toBe('proposal');
    // Another path on the same host is another API.
    expect(
      readServerLink({ endpoint: 'http://127.0.0.1:8000/other/v1', model: null }, usingA).kind,
    ).toBe('proposal');
  });

  it('shows a look-alike host in the form the browser will contact (punycode)', () => {
    const link = readServerLink({ endpoint: 'https://аpi.example.com/v1', model: null }, usingA);
    expect(link.kind === 'proposal' && link.proposal.host).toMatch(
      /^xn--[a-z0-9-]+\.example\.com$/,
    );
  });

  it('ignores links with no endpoint or one that is no http(s) URL', () => {
    expect(readServerLink({ endpoint: null, model: 'm' }, usingA)).toEqual({ kind: 'none' });
    expect(readServerLink({ endpoint: '  ', model: null }, usingA)).toEqual({ kind: 'none' });
    for (const endpoint of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x'])
      expect(readServerLink({ endpoint, model: null }, usingA).kind, endpoint).toBe('invalid');
  });

  it('keeps a reasonable model name only', () => {
    const link = readServerLink({ endpoint: 'http://x:1', model: 'm'.repeat(5000) }, usingA);
    expect(link.kind === 'proposal' && link.proposal.model?.length).toBe(200);
  });
});
