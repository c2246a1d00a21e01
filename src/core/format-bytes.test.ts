import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1000, '1000 bytes'],
    [1536, '1.5 KB'],
    [1007616, '984 KB'],
    [100 * 1024 * 1024, '100 MB'],
    [1024 ** 3, '1 GB'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
