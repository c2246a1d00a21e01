import { describe, expect, it } from 'vitest';
import { progressFromReport } from './webllm-engine';
import { modelFilesPrefix } from './webllm-cache';

const MIB = 1024 * 1024;

describe('progressFromReport', () => {
  it('reads megabytes and works out the total from web-llm fetch reports', () => {
    const progress = progressFromReport(
      {
        progress: 0.25,
        timeElapsed: 12,
        text: 'Fetching param cache[5/20]: 217MB fetched. 25% completed, 12 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
      },
      12_400,
    );
    expect(progress.fraction).toBe(0.25);
    expect(progress.loadedBytes).toBe(217 * MIB);
    expect(progress.totalBytes).toBe(Math.round((217 * MIB) / 0.25));
    expect(progress.elapsedMs).toBe(12_400);
  });

  it('reads cache-loading reports and leaves unknowns as null', () => {
    expect(
      progressFromReport(
        {
          progress: 0.5,
          timeElapsed: 1,
          text: 'Loading model from cache[10/20]: 400MB loaded. 50% completed, 1 secs elapsed.',
        },
        1000,
      ).loadedBytes,
    ).toBe(400 * MIB);
    const start = progressFromReport(
      { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
      0,
    );
    expect(start).toMatchObject({ fraction: 0, loadedBytes: null, totalBytes: null });
  });
});

describe('modelFilesPrefix (web-llm cleanModelUrl rule)', () => {
  it.each([
    [
      'https://huggingface.co/mlc-ai/Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
      'https://huggingface.co/mlc-ai/Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC/resolve/main/',
    ],
    ['https://huggingface.co/me/m/', 'https://huggingface.co/me/m/resolve/main/'],
    ['https://huggingface.co/me/m/resolve/v2/', 'https://huggingface.co/me/m/resolve/v2/'],
  ])('%s -> %s', (input, expected) => {
    expect(modelFilesPrefix(input)).toBe(expected);
  });
});
