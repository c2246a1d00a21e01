/**
 * One card per ROUTE stage. Each reads only its own stage from the store and shows the output
 * the person may edit: the simplified schema, SQL₀, the SQL noise correction hands on, the
 * continuation prefix, and the final SQL with its result.
 */
import type { ExecutionRecord, StageRecord } from '../../core/history/run-record';
import { editFromOutput } from '../../core/history/fold-events';
import type { SimplifiedSchema, StageId } from '../../core/pipeline/events';
import { useAppStore } from '../../state/store';
import { rowCount } from '../../ui/cell-format';
import { ErrorNotice } from '../../ui/error-notice';
import { ResultTabs } from '../../ui/result-tabs';
import { useExplanation } from '../../state/use-explanation';
import { ExplainPanel } from '../../ui/explain-panel';
import { SqlEditor } from '../../ui/sql-editor';
import { SchemaChecklist } from './schema-checklist';
import { GrammarSection } from './beyond-cards';
import { cutLabel } from '../../core/pipeline/cut-answers';
import { StageCard } from './stage-card';
import { useCanEdit, useStage } from './use-stage';

function Executions({ executions }: { executions: ExecutionRecord[] }) {
  if (executions.length === 0) return null;
  return (
    <ul className="space-y-1 text-xs">
      {executions.map((execution, index) => (
        <li key={index} className="flex gap-2">
          <span className={execution.outcome.ok ? 'text-emerald-700' : 'text-rose-700'}>
            {execution.outcome.ok ? 'ran' : 'failed'}
          </span>
          <code className="min-w-0 flex-1 truncate text-slate-600" title={execution.sql}>
            {execution.sql}
          </code>
          <span className="shrink-0 text-slate-600">
            {execution.outcome.ok
              ? rowCount(execution.outcome.result.rows.length, execution.outcome.result.truncated)
              : (execution.outcome.error.detail ?? execution.outcome.error.message)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Stage outputs appear once a stage has produced them, and stay visible while stale. */
function hasOutput(stage: StageRecord | null): stage is StageRecord {
  return !!stage && stage.status !== 'idle' && stage.status !== 'running';
}

/** "Re-run from here", offered only where a re-run may start (not a past run, not mid-run). */
function useRerun(id: StageId): (() => void) | undefined {
  const rerunFrom = useAppStore((s) => s.rerunFrom);
  const canEdit = useCanEdit();
  return canEdit ? () => void rerunFrom(id) : undefined;
}

function useOffNote(name: 'schemaLinking' | 'noiseCorrection' | 'continuationWriting') {
  const on = useAppStore((s) => s.pipelineSettings[name]);
  return on ? undefined : 'off: switched off for the next run.';
}

export function SchemaLinkingCard() {
  const stage = useStage('schema_linking');
  const schema = useAppStore((s) => s.database?.schema ?? null);
  const canEdit = useCanEdit();
  const editStage = useAppStore((s) => s.editStage);
  const onRerun = useRerun('schema_linking');
  const idleNote = useOffNote('schemaLinking');
  const edit = stage && (stage.edit ?? editFromOutput(stage));
  const value: SimplifiedSchema | null =
    edit?.stage === 'schema_linking' ? edit.simplifiedSchema : null;
  const output = stage?.output?.stage === 'schema_linking' ? stage.output : null;
  return (
    <StageCard id="schema_linking" stage={stage} idleNote={idleNote} onRerun={onRerun}>
      {hasOutput(stage) && output && !output.links && (
        <p className="text-xs text-slate-500">
          The linking answer named no tables; the pseudo-SQL decided.
        </p>
      )}
      {hasOutput(stage) && schema && value && (
        <SchemaChecklist
          schema={schema}
          value={value}
          disabled={!canEdit || stage.status === 'stale'}
          onChange={(simplifiedSchema) => editStage({ stage: 'schema_linking', simplifiedSchema })}
        />
      )}
    </StageCard>
  );
}

function EditableSql({
  stage,
  label,
  warning,
  value,
  onChange,
}: {
  stage: StageRecord;
  label: string;
  /** Shown beside the label, e.g. that the SQL comes from a cut answer. */
  warning?: string;
  value: string;
  onChange(sql: string): void;
}) {
  const canEdit = useCanEdit();
  const schema = useAppStore((s) => s.database?.schema ?? null);
  if (value === '' && !canEdit) return null;
  return (
    <div className="space-y-1">
      <div className="text-xs font-medium text-slate-600">
        {label}
        {warning && (
          <span className="ml-2 font-normal text-amber-700" data-testid="sql-warning">
            {warning}
          </span>
        )}
        {value === '' && (
          <span className="ml-2 font-normal text-slate-500">
            none came out: write one and re-run from here
          </span>
        )}
      </div>
      <SqlEditor
        value={value}
        onChange={onChange}
        ariaLabel={label}
        completionSchema={schema}
        height={Math.min(220, 40 + 19 * Math.max(2, value.split('\n').length))}
        readOnly={!canEdit || stage.status === 'stale'}
      />
      <StageExplain sql={value} label={label} />
    </div>
  );
}

function StageExplain({ sql, label }: { sql: string; label: string }) {
  const question = useAppStore((s) => s.run?.question ?? null);
  return <ExplainPanel sql={sql} {...useExplanation(sql, question)} label={`Explain ${label}`} />;
}

export function SqlGenerationCard() {
  const stage = useStage('sql_generation');
  const editStage = useAppStore((s) => s.editStage);
  const onRerun = useRerun('sql_generation');
  const edit = stage && (stage.edit ?? editFromOutput(stage));
  const cut =
    stage?.output?.stage === 'sql_generation' && !stage.edit ? stage.output.cut : undefined;
  return (
    <StageCard id="sql_generation" stage={stage} onRerun={onRerun}>
      <GrammarSection stage={stage} />
      {hasOutput(stage) && edit?.stage === 'sql_generation' && (
        <EditableSql
          stage={stage}
          label="SQL₀"
          warning={cut && `${cutLabel(cut)}: incomplete, not run`}
          value={edit.sql}
          onChange={(sql) => editStage({ stage: 'sql_generation', sql })}
        />
      )}
    </StageCard>
  );
}

export function NoiseCorrectionCard() {
  const stage = useStage('noise_correction');
  const editStage = useAppStore((s) => s.editStage);
  const onRerun = useRerun('noise_correction');
  const idleNote = useOffNote('noiseCorrection');
  const edit = stage && (stage.edit ?? editFromOutput(stage));
  const output = stage?.output?.stage === 'noise_correction' ? stage.output : null;
  return (
    <StageCard id="noise_correction" stage={stage} idleNote={idleNote} onRerun={onRerun}>
      <GrammarSection stage={stage} />
      {stage && <Executions executions={stage.executions} />}
      {output && !stage?.verdict && (
        <p className="text-sm text-slate-700">
          {output.verdict === 'correct'
            ? 'The model judged the SQL correct.'
            : 'The model proposed a corrected SQL.'}
        </p>
      )}
      {hasOutput(stage) && edit?.stage === 'noise_correction' && (
        <EditableSql
          stage={stage}
          label="SQL after noise correction"
          value={edit.sql}
          onChange={(sql) => editStage({ stage: 'noise_correction', sql })}
        />
      )}
    </StageCard>
  );
}

export function ContinuationCard() {
  const stage = useStage('continuation_writing');
  const editStage = useAppStore((s) => s.editStage);
  const canEdit = useCanEdit();
  const onRerun = useRerun('continuation_writing');
  const idleNote = useOffNote('continuationWriting');
  const edit = stage && (stage.edit ?? editFromOutput(stage));
  const output = stage?.output?.stage === 'continuation_writing' ? stage.output : null;
  return (
    <StageCard id="continuation_writing" stage={stage} idleNote={idleNote} onRerun={onRerun}>
      {stage && <Executions executions={stage.executions} />}
      {output && (
        <div className="space-y-1">
          <div className="text-xs font-medium text-slate-600">Completed SQL</div>
          <pre className="rounded border border-slate-200 bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-800">
            {output.sql}
          </pre>
        </div>
      )}
      {hasOutput(stage) && edit?.stage === 'continuation_writing' && (
        <label className="block space-y-1">
          <span className="text-xs font-medium text-slate-600">
            Continuation prefix (a longer prefix steers the model)
          </span>
          <input
            type="text"
            value={edit.prefix}
            disabled={!canEdit || stage.status === 'stale'}
            onChange={(event) =>
              editStage({ stage: 'continuation_writing', prefix: event.target.value })
            }
            className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none disabled:bg-slate-50"
          />
        </label>
      )}
    </StageCard>
  );
}

export function ResultCard() {
  const stage = useStage('result');
  const finalOutcome = useAppStore((s) => s.run?.finalOutcome ?? null);
  const runStatus = useAppStore((s) => s.run?.status ?? null);
  const editStage = useAppStore((s) => s.editStage);
  const setEditorSql = useAppStore((s) => s.setEditorSql);
  const showView = useAppStore((s) => s.showView);
  const onRerun = useRerun('result');
  const edit = stage && (stage.edit ?? editFromOutput(stage));
  const lastExecution = stage?.executions[stage.executions.length - 1];
  const outcome = lastExecution?.outcome ?? (stage?.status === 'done' ? finalOutcome : null);
  const sql = edit?.stage === 'result' ? edit.sql : null;
  return (
    <StageCard id="result" stage={stage} onRerun={onRerun}>
      {hasOutput(stage) && sql !== null && (
        <EditableSql
          stage={stage}
          label="Final SQL"
          value={sql}
          onChange={(next) => editStage({ stage: 'result', sql: next })}
        />
      )}
      {sql !== null && stage?.status !== 'stale' && (
        <button
          type="button"
          onClick={() => {
            setEditorSql(sql);
            showView('sql');
          }}
          className="rounded border border-slate-300 px-3 py-1 text-xs text-slate-700 hover:bg-slate-100"
        >
          Open in editor
        </button>
      )}
      {outcome && !outcome.ok && stage?.status !== 'stale' && <ErrorNotice error={outcome.error} />}
      {outcome?.ok && stage?.status !== 'stale' && (
        <div aria-label="Final result">
          <ResultTabs
            result={outcome.result}
            height={Math.min(380, 92 + 28 * outcome.result.rows.length)}
            label="Final result"
          />
        </div>
      )}
      {runStatus === 'done' && stage?.status === 'done' && !outcome && (
        <p className="text-sm text-slate-600">No SQL came out of the pipeline.</p>
      )}
    </StageCard>
  );
}
