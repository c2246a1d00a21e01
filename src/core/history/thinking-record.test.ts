/** A call's thinking is kept in the run record, History and both run exports, apart from its answer. */
import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../pipeline/events';
import { fold, freshRun, USAGE } from './fixtures.test-support';
import { runToJson, runToMarkdown } from './export-run';
import { compactForHistory, type RunRecord } from './run-record';

const THOUGHT = 'Maybe SELECT 1 — no, the artists are counted.';

const events: PipelineEvent[] = [
  { type: 'stage_started', stage: 'sql_generation', at: 1 },
  {
    type: 'prompt',
    stage: 'sql_generation',
    call: 'sql',
    messages: [{ role: 'user', content: 'count them' }],
  },
  { type: 'thinking', stage: 'sql_generation', call: 'sql', text: 'Maybe SELECT 1 — no, ' },
  { type: 'thinking', stage: 'sql_generation', call: 'sql', text: 'the artists are counted.' },
  { type: 'token', stage: 'sql_generation', call: 'sql', text: 'SELECT count(*) FROM Artist' },
  {
    type: 'call_finished',
    stage: 'sql_generation',
    call: 'sql',
    answer: 'SELECT count(*) FROM Artist',
    usage: USAGE,
    elapsedMs: 10,
    finishReason: 'stop',
    thinking: THOUGHT,
    thinkingTokens: 12,
  },
];

const call = (run: RunRecord) => run.stages.sql_generation.calls[0];

describe('thinking in the run record', () => {
  it('grows while it streams, apart from the answer', () => {
    const streaming = fold(freshRun(), events.slice(0, 4));
    expect(call(streaming)?.thinking).toBe('Maybe SELECT 1 — no, the artists are counted.');
    expect(call(streaming)?.answer).toBe('');
  });

  it('keeps the whole thinking and its count once the call ended, in History too', () => {
    const kept = compactForHistory(fold(freshRun(), events));
    expect(call(kept)).toMatchObject({
      thinking: THOUGHT,
      thinkingTokens: 12,
      answer: 'SELECT count(*) FROM Artist',
    });
  });

  it('drops a retried try’s thinking with its text', () => {
    const retried = fold(freshRun(), [
      ...events.slice(0, 3),
      {
        type: 'call_retry',
        stage: 'sql_generation',
        call: 'sql',
        retry: { attempt: 1, reason: '503', waitMs: 10 },
      },
    ]);
    expect(call(retried)?.thinking).toBeUndefined();
  });

  it('exports it in JSON and in Markdown, marked as not read', () => {
    const run = fold(freshRun(), events);
    const json = JSON.parse(runToJson(run)) as RunRecord;
    expect(json.stages.sql_generation.calls[0]?.thinking).toBe(THOUGHT);
    const md = runToMarkdown(run);
    expect(md).toContain(
      `**thinking** (not read for the answer, 12 tokens)\n\n\`\`\`\n${THOUGHT}\n\`\`\``,
    );
  });
});
