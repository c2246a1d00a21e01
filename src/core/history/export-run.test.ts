import { describe, expect, it } from 'vitest';
import { applyEdit } from './fold-events';
import { FULL_RUN, fold, freshRun } from './fixtures.test-support';
import { exportRun, RUN_EXPORT_FORMAT, runToJson, runToMarkdown } from './export-run';
import type { RunRecord } from './run-record';

function finishedRun(): RunRecord {
  return fold(freshRun(), FULL_RUN);
}

describe('runToJson', () => {
  it('round-trips the whole run with its format tag', () => {
    const run = finishedRun();
    const parsed = JSON.parse(runToJson(run)) as RunRecord & { format: string };
    expect(parsed.format).toBe(RUN_EXPORT_FORMAT);
    expect(parsed.question).toBe(run.question);
    expect(parsed.model).toEqual({ engine: 'openai', modelId: 'mock-model' });
    expect(parsed.database.schemaHash).toBe('abcd1234');
    expect(parsed.settings).toEqual(run.settings);
    expect(parsed.stages.schema_linking.calls[0]?.messages[0]?.content).toBe('link it');
    expect(parsed.stages.noise_correction.calls[0]?.answer).toBe('SELECT count(*) FROM Artist');
  });

  it('drops anything keyed like a credential, wherever it hides', () => {
    const run = finishedRun() as RunRecord & { model: { apiKey?: string } };
    run.model = { ...run.model, apiKey: 'sk-secret-123' };
    const leaky = { ...run, headers: { Authorization: 'Bearer sk-secret-123' } };
    const text = runToJson(leaky as RunRecord);
    expect(text).not.toContain('sk-secret-123');
    expect(JSON.parse(text).model.modelId).toBe('mock-model');
  });

  it('writes blobs as a size, not as a byte map', () => {
    const run = finishedRun();
    const blobRun: RunRecord = {
      ...run,
      finalOutcome: {
        ok: true,
        result: {
          columns: ['b'],
          rows: [[new Uint8Array(3)]],
          elapsedMs: 1,
          truncated: false,
          changes: 0,
        },
      },
    };
    expect(runToJson(blobRun)).toContain('<blob 3 bytes>');
  });
});

describe('runToMarkdown', () => {
  it('has the model, settings, fingerprint, every prompt and answer, and the verdicts', () => {
    const md = runToMarkdown(finishedRun());
    expect(md).toMatch(/^# How many artists\?/);
    expect(md).toContain('model: mock-model (openai)');
    expect(md).toContain(
      'schema linking on, noise correction on, continuation writing on, prompt style few_shot',
    );
    expect(md).toContain('database: chinook.sqlite, 10 bytes, 11 tables, schema hash abcd1234');
    for (const title of [
      'Schema linking',
      'SQL generation',
      'Noise correction',
      'Continuation writing',
      'Result',
    ]) {
      expect(md).toContain(`## ${title}`);
    }
    for (const prompt of ['link it', 'pseudo', 'gen', 'fix']) expect(md).toContain(`\n${prompt}\n`);
    expect(md).toContain('**adopted:** correction adopted: the SQL failed with: no such column: x');
    expect(md).toContain('**skipped:** the SQL runs and reads fewer than 3 tables');
    expect(md).toContain('failed: no such column: x');
    expect(md).toContain('| n |\n| --- |\n| 275 |');
  });

  it('keeps code blocks whole when an answer itself holds a fence', () => {
    const run = fold(freshRun(), [
      { type: 'stage_started', stage: 'sql_generation', at: 1 },
      { type: 'prompt', stage: 'sql_generation', call: 'sql', messages: [] },
      {
        type: 'token',
        stage: 'sql_generation',
        call: 'sql',
        text: 'Here:\n```sql\nSELECT 1;\n```',
      },
    ]);
    const md = runToMarkdown(run);
    expect(md).toContain('````\nHere:\n```sql\nSELECT 1;\n```\n````');
  });

  it('lists the edits the person made', () => {
    const run = applyEdit(finishedRun(), { stage: 'result', sql: 'SELECT 42' }, 5);
    expect(runToMarkdown(run)).toContain('"sql": "SELECT 42"');
  });
});

describe('exportRun', () => {
  it('names files after the time and the question', () => {
    const run = finishedRun();
    expect(exportRun(run, 'json')).toMatchObject({
      filename: 'run-1970-01-01T00-00-01-how-many-artists.json',
      mimeType: 'application/json',
    });
    expect(exportRun(run, 'markdown').filename).toBe('run-1970-01-01T00-00-01-how-many-artists.md');
  });
});
