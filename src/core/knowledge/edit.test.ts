/**
 * Writing descriptions: a note set by hand lands on the entry an import made, whatever the case
 * of its names (BIRD's files name tables and columns in lower case), so neither hides the other;
 * empty text clears; an import merges column by column.
 */
import { describe, expect, it } from 'vitest';
import { columnNote, notesFor } from './descriptions';
import { mergeDescriptions, setNote } from './edit';
import type { SchemaDescriptions } from './types';

/** What a BIRD import of Album makes: lower-case names. */
const imported: SchemaDescriptions = {
  album: {
    description: 'one row per album',
    columns: { title: { description: 'the name on the cover', values: '' } },
  },
};

describe('setNote', () => {
  it('writes a column of "Album" onto the imported "album" entry, keeping its other notes', () => {
    const next = setNote(imported, 'Album', 'ArtistId', { description: 'who made it', values: '' });
    expect(Object.keys(next)).toEqual(['album']);
    const notes = notesFor(next, 'Album');
    expect(notes?.description).toBe('one row per album');
    expect(columnNote(notes, 'Title')?.description).toBe('the name on the cover');
    expect(columnNote(notes, 'ArtistId')?.description).toBe('who made it');
  });

  it('edits an imported column under its own key whatever the case it is named in', () => {
    const next = setNote(imported, 'Album', 'Title', {
      description: 'the title',
      values: 'unique',
    });
    expect(Object.keys(next.album?.columns ?? {})).toEqual(['title']);
    expect(columnNote(notesFor(next, 'ALBUM'), 'TITLE')).toEqual({
      description: 'the title',
      values: 'unique',
    });
  });

  it('clears with empty text, and drops a table left with nothing said', () => {
    const noColumn = setNote(imported, 'Album', 'Title', { description: ' ', values: '' });
    expect(noColumn.album?.columns).toEqual({});
    expect(setNote(noColumn, 'ALBUM', null, '')).toEqual({});
  });

  it('adds a new table under the name it was given', () => {
    expect(Object.keys(setNote(imported, 'Artist', null, 'people who record'))).toEqual([
      'album',
      'Artist',
    ]);
  });
});

describe('mergeDescriptions', () => {
  it('merges an import onto notes written by hand, table and columns matched whatever the case', () => {
    const kept = setNote({}, 'Album', 'ArtistId', { description: 'who made it', values: '' });
    const merged = mergeDescriptions(kept, imported);
    expect(Object.keys(merged)).toEqual(['Album']);
    expect(merged.Album?.description).toBe('one row per album');
    expect(Object.keys(merged.Album?.columns ?? {}).sort()).toEqual(['ArtistId', 'title']);
  });

  it('lets an imported note replace the kept note of the same column', () => {
    const kept = setNote({}, 'Album', 'Title', { description: 'old', values: '' });
    const merged = mergeDescriptions(kept, imported);
    expect(merged.Album?.columns).toEqual({
      Title: { description: 'the name on the cover', values: '' },
    });
  });
});
