/**
 * The run slices (run, thread, pipeline switches, History) in a store with just the parts of the
 * other slices they read, on Chinook, and a scripted engine that answers each stage: for the
 * tests of those slices.
 */
import { beforeAll, vi } from 'vitest';
import { create } from 'zustand';
import type { ChatEvent, ChatModel, ChatRequest } from '../core/llm/chat';
import {
  CONTINUATION_MARKER,
  CORRECT_VERDICT,
  FULL_SCHEMA_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  TEXT_TO_SQL_MARKER,
} from '../core/pipeline/prompts';
import type { DbSchema } from '../core/schema/types';
import type { DbClient } from '../services/db/db-client';
import type { LlmEngine } from '../services/llm/engine';
import { createHistorySlice } from '../state/history-slice';
import { createPipelineSettingsSlice } from '../state/pipeline-settings-slice';
import { createRunSlice } from '../state/run-slice';
import type { AppState } from '../state/store';
import { createThreadSlice } from '../state/thread-slice';
import { openTestDb } from './open-test-db';
import { CHINOOK_PATH } from './shared-data';

export type Stage = 'links' | 'pseudo_sql' | 'sql' | 'correction' | 'continuation';

function stageOf(request: ChatRequest): Stage {
  const text = request.messages.map((m) => m.content).join('\n');
  if (text.includes(SCHEMA_LINKING_MARKER)) return 'links';
  if (text.includes(NOISE_CORRECTION_MARKER)) return 'correction';
  if (text.includes(CONTINUATION_MARKER)) return 'continuation';
  if (text.includes(TEXT_TO_SQL_MARKER))
    return text.includes(FULL_SCHEMA_HEADING) ? 'pseudo_sql' : 'sql';
  throw new Error('unknown prompt');
}

/**
 * A scripted engine: answers each stage from `answers`, in small tokens. `gate` lets a test hold
 * a stage's stream open (to press Stop in the middle of it).
 */
export function scriptedEngine(
  answers: Record<Stage, string>,
  gate?: { stage: Stage; wait: Promise<void> },
) {
  const calls: Stage[] = [];
  const prompts: string[] = [];
  const model: ChatModel = {
    async *streamChat(request, signal): AsyncIterable<ChatEvent> {
      const stage = stageOf(request);
      calls.push(stage);
      prompts.push(request.messages.at(-1)?.content ?? '');
      const answer = answers[stage];
      for (let i = 0; i < answer.length; i += 5) {
        if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
        yield { type: 'token', text: answer.slice(i, i + 5) };
        if (gate?.stage === stage && i === 0) {
          await Promise.race([
            gate.wait,
            new Promise((resolve) => signal?.addEventListener('abort', resolve)),
          ]);
        }
      }
      yield {
        type: 'done',
        finishReason: 'stop',
        usage: {
          promptTokens: 100,
          completionTokens: 10,
          prefillTokensPerSecond: null,
          decodeTokensPerSecond: null,
        },
      };
    },
  };
  const engine: LlmEngine = {
    ...model,
    kind: 'openai',
    modelId: 'scripted',
    load: async () => undefined,
    unload: async () => undefined,
  };
  return { engine, calls, prompts };
}

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

export const COUNT_ARTISTS: Record<Stage, string> = {
  links: '{"Artist": ["ArtistId"]}',
  pseudo_sql: fenced('SELECT count(*) FROM Artist;'),
  sql: fenced('SELECT count(*) AS n FROM Artist;'),
  correction: CORRECT_VERDICT,
  continuation: 'count(*) FROM Artist;',
};

/**
 * Opens Chinook once for the file's tests (in `beforeAll`) and returns a maker of stores: each
 * holds the run slices, the engine given (ready) or none, and Chinook open.
 */
export function runStoresOnChinook() {
  let db: DbClient;
  let schema: DbSchema;
  beforeAll(async () => {
    const session = await openTestDb(CHINOOK_PATH);
    schema = session.readSchema();
    db = session as unknown as DbClient;
  });
  return (engine: LlmEngine | null) => {
    const setGenerating = vi.fn();
    const showView = vi.fn();
    const store = create<AppState>()(
      (...args) =>
        ({
          engine,
          engineStatus: engine ? { state: 'ready' } : { state: 'not_loaded' },
          setGenerating,
          showView,
          knowledgeForRun: async () => undefined,
          dbClient: db,
          database: {
            name: 'chinook.sqlite',
            sizeBytes: 1000,
            source: 'sample',
            schema,
            dirty: false,
          },
          ...createRunSlice(...args),
          ...createThreadSlice(...args),
          ...createPipelineSettingsSlice(...args),
          ...createHistorySlice(...args),
        }) as unknown as AppState,
    );
    return { store, setGenerating, showView };
  };
}
