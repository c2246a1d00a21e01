import { describe, expect, it } from 'vitest';
import { nextThemePreference, parseThemePreference, resolveColorScheme } from './color-scheme';

describe('color scheme', () => {
  it('follows the system only when the choice is "system"', () => {
    expect(resolveColorScheme('system', true)).toBe('dark');
    expect(resolveColorScheme('system', false)).toBe('light');
    expect(resolveColorScheme('light', true)).toBe('light');
    expect(resolveColorScheme('dark', false)).toBe('dark');
  });

  it('reads a stored choice, and anything else as "system"', () => {
    expect(parseThemePreference('dark')).toBe('dark');
    expect(parseThemePreference('light')).toBe('light');
    expect(parseThemePreference('Dark')).toBe('system');
    expect(parseThemePreference(null)).toBe('system');
  });

  it('cycles system -> light -> dark -> system', () => {
    expect(nextThemePreference('system')).toBe('light');
    expect(nextThemePreference('light')).toBe('dark');
    expect(nextThemePreference('dark')).toBe('system');
  });
});
