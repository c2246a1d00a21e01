import { describe, expect, it } from 'vitest';
import {
  columnNoteText,
  NOTE_TEXT_LIMIT,
  notesFor,
  notesLookup,
  tableNoteText,
} from './descriptions';
import type { SchemaDescriptions } from './types';

const descriptions: SchemaDescriptions = {
  Album: { description: 'one row per album', columns: {} },
  artist: { description: 'who records', columns: {} },
  ARTIST: { description: 'a second spelling', columns: {} },
};

describe('notesLookup', () => {
  it('finds what notesFor finds: the exact name first, then any case', () => {
    const lookup = notesLookup(descriptions);
    for (const name of ['Album', 'album', 'ALBUM', 'artist', 'Artist', 'ARTIST', 'Track'])
      expect(lookup(name), name).toBe(notesFor(descriptions, name));
    expect(lookup('Track')).toBeUndefined();
    expect(notesLookup(null)('Album')).toBeUndefined();
  });
});

describe('note texts', () => {
  const long = 'x'.repeat(NOTE_TEXT_LIMIT + 5);

  it('are cut for prompts and whole when asked', () => {
    expect(columnNoteText({ description: long, values: '' })).toBe(
      `${'x'.repeat(NOTE_TEXT_LIMIT)}...`,
    );
    expect(columnNoteText({ description: long, values: '' }, Infinity)).toBe(long);
    expect(tableNoteText({ description: ` ${long}\n`, columns: {} }, Infinity)).toBe(long);
    expect(columnNoteText({ description: 'id\nof it', values: ' 1 = yes ' })).toBe(
      'id of it; values: 1 = yes',
    );
  });
});
