import { describe, expect, it } from 'vitest';
import { shortcutGroups, viewIndexForKey } from './shortcut-list';

const key = (
  code: string,
  mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {},
) => ({
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  code,
  ...mods,
});

describe('shortcuts', () => {
  it('maps Alt+1..9 to view positions, and nothing else', () => {
    expect(viewIndexForKey(key('Digit1', { altKey: true }))).toBe(0);
    expect(viewIndexForKey(key('Digit9', { altKey: true }))).toBe(8);
    expect(viewIndexForKey(key('Digit1'))).toBeNull();
    expect(viewIndexForKey(key('Digit1', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(viewIndexForKey(key('Digit0', { altKey: true }))).toBeNull();
    expect(viewIndexForKey(key('KeyA', { altKey: true }))).toBeNull();
  });

  it('lists one Alt+digit line per view, in tab order', () => {
    const anywhere = shortcutGroups([{ label: 'Ask' }, { label: 'Data' }])[0];
    expect(anywhere?.shortcuts.filter((s) => s.keys.startsWith('Alt+')).map((s) => s.keys)).toEqual(
      ['Alt+1', 'Alt+2', 'Alt+T'],
    );
    expect(anywhere?.shortcuts.some((s) => s.action === 'Show the Data view')).toBe(true);
  });
});
