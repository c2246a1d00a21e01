/**
 * A whole thread as a file: JSON (every turn's full record) and Markdown (each turn's question,
 * final SQL and result, for reading). A single run's export carries its earlier turns too
 * (export-run.ts); this one is for keeping the conversation as a whole.
 */
import {
  earlierTurnsMarkdown,
  exportJsonText,
  fenced,
  finalResultMarkdown,
  slug,
  type ExportedFile,
} from '../history/export-run';
import type { RunRecord } from '../history/run-record';
import type { ThreadGroup } from './group-threads';
import { earlierTurns, threadOf } from './thread';

export const THREAD_EXPORT_FORMAT = 'text-to-sql-playground/thread@1';

export function threadToJson(group: ThreadGroup): string {
  return exportJsonText({ format: THREAD_EXPORT_FORMAT, threadId: group.id, turns: group.turns });
}

function turnMarkdown(run: RunRecord): string[] {
  const lines = [
    `## Turn ${threadOf(run).turn + 1}: ${run.question.replace(/\n/g, ' ')}`,
    '',
    ...(run.hint ? [`Hint: ${run.hint}`, ''] : []),
    `- status: ${run.status}`,
    `- asked: ${new Date(run.createdAt).toISOString()}`,
    `- model: ${run.model.modelId} (${run.model.engine})`,
    '',
    run.finalSql ? fenced(run.finalSql, 'sql') : '(no SQL adopted)',
    ...finalResultMarkdown(run.finalOutcome),
  ];
  return [...lines, ''];
}

export function threadToMarkdown(group: ThreadGroup): string {
  const first = group.turns[0];
  if (!first) return '';
  const lines = [
    `# Thread: ${first.question.replace(/\n/g, ' ')}`,
    '',
    `- ${group.turns.length} turn(s) kept, on ${first.database.name}`,
    '',
    // Turns before the first one kept (deleted from History) survive in its snapshot.
    ...earlierTurnsMarkdown(earlierTurns(first)),
  ];
  for (const run of group.turns) lines.push(...turnMarkdown(run));
  return lines.join('\n');
}

export function exportThread(group: ThreadGroup, format: 'json' | 'markdown'): ExportedFile {
  const first = group.turns[0];
  const stamp = new Date(first?.createdAt ?? 0).toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const base = `thread-${stamp}-${slug(first?.question ?? 'thread')}`;
  return format === 'json'
    ? { filename: `${base}.json`, mimeType: 'application/json', text: threadToJson(group) }
    : { filename: `${base}.md`, mimeType: 'text/markdown', text: threadToMarkdown(group) };
}
