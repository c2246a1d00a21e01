import { describe, expect, it } from 'vitest';
import { readShareLink, shareLink } from './share-link';

describe('share links', () => {
  it('round-trips a database URL and a question with spaces, & and non-Latin text', () => {
    const link = shareLink(
      'https://example.org/playground/?old=1#top',
      'https://data.example.org/db.sqlite?x=1&y=2',
      'Combien d’albums & de titres ?',
    );
    expect(link.startsWith('https://example.org/playground/?db=')).toBe(true);
    expect(link).not.toContain('old=1');
    expect(readShareLink(new URL(link).search)).toEqual({
      db: 'https://data.example.org/db.sqlite?x=1&y=2',
      question: 'Combien d’albums & de titres ?',
    });
  });

  it('leaves out an empty question and reads missing or blank parameters as null', () => {
    expect(shareLink('http://localhost/', 'samples/chinook.sqlite', '  ')).toBe(
      'http://localhost/?db=samples%2Fchinook.sqlite',
    );
    expect(readShareLink('?q=%20')).toEqual({ db: null, question: null });
    expect(readShareLink('')).toEqual({ db: null, question: null });
  });
});
