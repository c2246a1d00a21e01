/**
 * The helpers a stage works with during one run: the schema texts (rendered once), model calls
 * that report their events, and SQL runs that are cached so a SQL is executed once per run.
 */
import { AppError, isAbort, toAppError, toErrorPayload } from '../errors';
import { NO_USAGE, type ChatMessage, type ChatModel, type FinishReason } from '../llm/chat';
import type { CallId, ExecutionOutcome, PipelineEvent, PipelineInput, StageId } from './events';
import { chatRequest } from './prompts';
import type { SqlExecutor } from '../sql/result';
import type { SampleRows } from '../schema/schema-text';
import { prepareCallPrompt, type CallPrompt, type RunBudget } from '../budget/call-prompt';
import { parseContextOverflow } from '../llm/context-overflow';
import { settled, type TokenCounter } from '../tokens/token-counter';
import { cutBy, cutNote, type CutBy } from './cut-answers';
import { sqlReads, type SqlReads } from '../sql/sql-reads';
import { drawSamples } from '../llm/samples';
import { retryNoteOf } from '../llm/retry';
import type { CallOutcome, RunState, SamplesOutcome, StageContext } from './stages/stage';
import {
  DEFAULT_THINKING_ALLOWANCE,
  NO_THINKING_EVIDENCE,
  expectsThinking,
  separateAnswer,
  ThinkingStream,
  type ThinkingEvidence,
} from '../llm/thinking';
import { readOnlyExecutor } from '../sql/read-only';

export interface PipelineDeps {
  model: ChatModel;
  db: SqlExecutor;
  /**
   * Counts prompt tokens the way the model does; without it prompts are sent as rendered.
   * With a window too, every call is fitted to it (src/core/budget).
   */
  tokens?: TokenCounter | null;
  /** The model's context window in tokens, when known. */
  contextWindow?: number | null;
  /** What is known of whether the model thinks (decides the thinking allowance). */
  thinking?: ThinkingEvidence;
}

/**
 * Rows a candidate SQL reads inside the pipeline: the decisions need only whether it runs and
 * its first row; the card shows these (with a note that more exist). The final result is read
 * whole.
 */
export const CANDIDATE_ROW_LIMIT = 1000;

/** A call not sent because an earlier call of the run overflowed the same window. */
function doomedCallError(overflow: AppError): AppError {
  return new AppError(
    'context_overflow',
    `Not sent: an earlier call of this run did not fit the model's context window. ${overflow.message}`,
    overflow.nextStep,
    overflow.detail,
  );
}

/** Fits after the engine counted a prompt longer than the window allows, before giving up. */
const MAX_REFITS = 3;

/**
 * How much room to hold back after the engine counted a prompt `over` the room. Tokenizers
 * differ by a ratio more than by a constant (another family splits the same words finer), and
 * the fit fills whatever room it gets, so the reserve assumes that ratio for a prompt filling
 * the whole room; at the least it grows by what was over.
 */
export function nextReserve(
  reserve: number,
  over: number,
  counts: { room: number; local: number; engine: number },
): number {
  const { room, local, engine } = counts;
  const fullRoomGap = Math.ceil(room * (1 - local / engine));
  return Math.max(reserve + over, fullRoomGap + 1);
}

function engineCountOverflow(
  count: { tokens: number; by: string },
  window: number,
  answerTokens: number,
): AppError {
  const fmt = (n: number) => n.toLocaleString('en-US');
  return new AppError(
    'context_overflow',
    `Not sent: ${count.by} counts this prompt as ${fmt(count.tokens)} tokens, which with ${fmt(answerTokens)} tokens of answer room exceed the model's context window of ${fmt(window)} tokens, even after fitting it again.`,
    'Give the model a larger window (start the server with a larger context), untick tables the question does not need, or lower the answer limit.',
  );
}

/** Thrown inside the run when the person pressed Stop; the runner turns it into `stopped`. */
export class Stopped extends Error {}

export function createRunContext(
  input: PipelineInput,
  deps: PipelineDeps,
  state: RunState,
  samples: SampleRows,
  signal: AbortSignal | undefined,
): (stage: StageId) => StageContext {
  const { schema, settings } = input;
  // Every SQL of the run is a model's or derived from one: it runs read-only.
  const db = readOnlyExecutor(deps.db);
  const budget: RunBudget = { counter: deps.tokens ?? null, window: deps.contextWindow ?? null };
  const candidates = new Map<string, Promise<ExecutionOutcome>>();
  const wholes = new Map<string, Promise<ExecutionOutcome>>();
  const readsCache = new Map<string, SqlReads>();
  /** A context_overflow the run cannot fit around: later calls would fail the same way. */
  let overflow: AppError | null = null;
  /** Set once an answer of this run came with thinking: later calls get the allowance too. */
  let seenThinking = false;
  const thinkingMode = settings.thinking ?? 'server_default';

  /**
   * The thinking allowance a call gets on top of the answer room: for a model that thinks (or
   * was asked to), none for one that does not, so it keeps its whole window for the prompt.
   */
  const allowance = (): number =>
    seenThinking || expectsThinking(thinkingMode, deps.thinking ?? NO_THINKING_EVIDENCE)
      ? (settings.thinkingAllowance ?? DEFAULT_THINKING_ALLOWANCE)
      : 0;
  /** The run's settings with the room a call's answer gets (its thinking included). */
  const callSettings = () => ({ ...settings, maxTokens: settings.maxTokens + allowance() });
  const thinkingSwitch = thinkingMode === 'server_default' ? {} : { thinking: thinkingMode };
  // Only shown on the card: a tokenizer that fails here costs the figure, never the answer.
  const countThinking = async (text: string): Promise<number | null> => {
    const { counter } = budget;
    if (!text || !counter) return null;
    return settled(counter, () => counter.count(text)).catch(() => null);
  };

  /**
   * An engine that names its window in the overflow teaches the run a smaller window: the later
   * calls are fitted to it. Without a number (or a tokenizer) they would only fail again.
   */
  const learnFromOverflow = (failure: AppError) => {
    const said = parseContextOverflow(failure.detail ?? failure.message);
    const window = said?.window ?? null;
    if (budget.counter && window !== null && (budget.window === null || window < budget.window)) {
      budget.window = window;
      return;
    }
    overflow ??= failure;
  };

  const execute = (sql: string, maxRows: number | undefined): Promise<ExecutionOutcome> =>
    db.execute(sql, { timeoutMs: settings.sqlTimeoutMs, maxRows }).then(
      (result): ExecutionOutcome => ({ ok: true, result }),
      (error: unknown): ExecutionOutcome => ({ ok: false, error: toErrorPayload(error) }),
    );

  const runSql = async (sql: string, whole: boolean): Promise<ExecutionOutcome> => {
    const candidate = candidates.get(sql);
    if (whole) {
      // A candidate run that read every row (or failed) already is the whole answer.
      const known = candidate ? await candidate : null;
      if (known && (!known.ok || !known.result.truncated)) return known;
      let pending = wholes.get(sql);
      if (!pending) wholes.set(sql, (pending = execute(sql, undefined)));
      return pending;
    }
    if (candidate) return candidate;
    const pending = wholes.get(sql) ?? execute(sql, CANDIDATE_ROW_LIMIT);
    candidates.set(sql, pending);
    return pending;
  };

  // A tokenizer in a worker gives its counts later: the fitting runs until every count is exact.
  const prepare = async (prompt: CallPrompt) => {
    const inputs = {
      schema,
      samples,
      question: input.question,
      hint: input.hint,
      settings: callSettings(),
      earlier: input.earlier,
      knowledge: input.knowledge,
    };
    try {
      return await settled(budget.counter, () => prepareCallPrompt(prompt, inputs, budget));
    } catch (error) {
      // Without a window the counts are only shown: a failed tokenizer costs the figure, not
      // the call. With one, the prompt cannot be fitted, and the call says why.
      if (budget.window === null)
        return prepareCallPrompt(prompt, inputs, { ...budget, counter: null });
      return { ok: false as const, error: toAppError(error) };
    }
  };

  /**
   * Fits a call's prompt with the run's counter, then asks the engine's own tokenizer (a server's
   * /tokenize) what it makes of it. The local counter shapes the prompt because fitting counts
   * hundreds of pieces; the engine has the last word, as its tokenizer may not be Qwen's. When
   * the engine counts longer than the room, the run holds the difference back from every later
   * fit (the reserve) and fits this call again.
   */
  async function prepareCheckedPrompt(prompt: CallPrompt): ReturnType<typeof prepare> {
    const { maxTokens } = callSettings();
    let overCount: { tokens: number; by: string } | null = null;
    for (let attempt = 0; ; attempt++) {
      const prepared = await prepare(prompt);
      // After a refit, "cannot fit" is the engine's count's doing: say that, with its numbers.
      if (!prepared.ok && overCount && budget.window !== null)
        return {
          ok: false,
          error: engineCountOverflow(overCount, budget.window, maxTokens),
        };
      // Without a local count there is no card line to put the engine's beside, nor a fit to check.
      const promptBudget = prepared.ok ? prepared.prompt.budget : null;
      if (!prepared.ok || !promptBudget || !deps.model.countPromptTokens) return prepared;
      const engineCount = await deps.model
        .countPromptTokens(prepared.prompt.messages, signal)
        .catch(() => null);
      if (!engineCount) return prepared;
      promptBudget.engineCount = engineCount;
      if (budget.window === null) return prepared;
      const over = engineCount.tokens + maxTokens - budget.window;
      if (over <= 0) {
        if (budget.reserve)
          promptBudget.notes.push(
            `${budget.reserve.toLocaleString('en-US')} tokens held back: ${engineCount.by} counts these prompts longer than ${promptBudget.countedBy}`,
          );
        return prepared;
      }
      overCount = engineCount;
      if (attempt === MAX_REFITS)
        return {
          ok: false,
          error: engineCountOverflow(engineCount, budget.window, maxTokens),
        };
      budget.reserve = nextReserve(budget.reserve ?? 0, over, {
        room: budget.window - maxTokens,
        local: promptBudget.promptTokens,
        engine: engineCount.tokens,
      });
    }
  }

  /**
   * Fits a call's prompt to the window and reports it; a run that already overflowed with no
   * window to refit to, or a prompt that cannot fit, is returned as an error and never sent.
   */
  async function* announcePrompt(
    stage: StageId,
    call: CallId,
    prompt: CallPrompt,
  ): AsyncGenerator<
    PipelineEvent,
    { ok: true; messages: ChatMessage[] } | { ok: false; error: AppError }
  > {
    if (overflow) return { ok: false, error: doomedCallError(overflow) };
    const prepared = await prepareCheckedPrompt(prompt);
    if (!prepared.ok) return { ok: false, error: prepared.error };
    const { messages, budget: promptBudget, knowledge } = prepared.prompt;
    const given = allowance();
    if (promptBudget && given > 0) promptBudget.thinkingAllowance = given;
    yield {
      type: 'prompt',
      stage,
      call,
      messages,
      ...(promptBudget ? { budget: promptBudget } : {}),
      ...(knowledge ? { knowledge } : {}),
    };
    return { ok: true, messages };
  }

  const contextFor = (stage: StageId): StageContext => {
    const context: StageContext = {
      stage,
      input,
      state,
      reads(sql: string) {
        let reads = readsCache.get(sql);
        if (!reads) {
          reads = sqlReads(sql, schema);
          readsCache.set(sql, reads);
        }
        return reads;
      },
      async *call(
        call: CallId,
        prompt,
        callOptions = {},
      ): AsyncGenerator<PipelineEvent, CallOutcome> {
        const prepared = yield* announcePrompt(stage, call, prompt);
        if (!prepared.ok) return { ok: false, answer: '', error: prepared.error };
        const { messages } = prepared;
        const started = performance.now();
        const { maxTokens } = callSettings();
        const given = allowance();
        // What the engine sent, thinking and all; the answer is split off when the call ends.
        let content = '';
        let fieldThinking = '';
        let live = new ThinkingStream();
        let finishReason: FinishReason = 'other';
        let usage = NO_USAGE;
        const finished = async (
          reason: string,
          notes?: string[],
          cut?: CutBy | null,
        ): Promise<{ event: PipelineEvent; answer: string; cutWhileThinking: boolean }> => {
          const split = separateAnswer(content, fieldThinking);
          const thinkingTokens = split.thinking ? await countThinking(split.thinking) : null;
          if (split.thinking) seenThinking = true;
          const cutWhileThinking = reason === 'length' && split.unclosed;
          return {
            answer: split.answer,
            cutWhileThinking,
            event: {
              type: 'call_finished',
              stage,
              call,
              answer: split.answer,
              usage,
              elapsedMs: performance.now() - started,
              finishReason: reason,
              ...(notes ? { notes } : {}),
              ...(cut ? { cut } : {}),
              ...(split.thinking ? { thinking: split.thinking, thinkingTokens } : {}),
              ...(cutWhileThinking ? { cutWhileThinking } : {}),
            },
          };
        };
        try {
          for await (const event of deps.model.streamChat(
            {
              ...chatRequest(messages, callSettings(), callOptions.json, callOptions.grammar),
              ...thinkingSwitch,
            },
            signal,
          )) {
            if (signal?.aborted) throw new Stopped();
            if (event.type === 'token') {
              content += event.text;
              for (const piece of live.push(event.text))
                yield {
                  type: piece.kind === 'thinking' ? 'thinking' : 'token',
                  stage,
                  call,
                  text: piece.text,
                };
            } else if (event.type === 'thinking') {
              fieldThinking += event.text;
              yield { type: 'thinking', stage, call, text: event.text };
            } else if (event.type === 'retry') {
              // The try broke off for a passing reason: its text is void, the call starts again.
              content = '';
              fieldThinking = '';
              live = new ThinkingStream();
              yield { type: 'call_retry', stage, call, retry: retryNoteOf(event) };
            } else {
              finishReason = event.finishReason;
              usage = event.usage;
            }
          }
        } catch (error) {
          if (error instanceof Stopped || isAbort(error) || signal?.aborted) throw new Stopped();
          const failure = toAppError(error);
          if (failure.code === 'context_overflow') learnFromOverflow(failure);
          const broken = await finished('error', [`The answer broke off: ${failure.message}`]);
          yield broken.event;
          return { ok: false, answer: broken.answer, error: failure };
        }
        const cut = cutBy(finishReason, usage, maxTokens, budget.window);
        const whileThinking = cut !== null && separateAnswer(content, fieldThinking).unclosed;
        const done = await finished(
          finishReason,
          cut
            ? [cutNote(cut, maxTokens, budget.window, { allowance: given, whileThinking })]
            : undefined,
          cut,
        );
        yield done.event;
        return {
          ok: true,
          answer: done.answer,
          finishReason,
          cut,
          usage,
          ...(done.cutWhileThinking ? { cutWhileThinking: true } : {}),
        };
      },
      async *sample(call, prompt, n, temperature, callOptions = {}) {
        const prepared = yield* announcePrompt(stage, call, prompt);
        if (!prepared.ok) return { ok: false, error: prepared.error };
        const { messages } = prepared;
        const started = performance.now();
        const request = {
          ...chatRequest(messages, callSettings(), callOptions.json, callOptions.grammar),
          ...thinkingSwitch,
          temperature,
        };
        let outcome: SamplesOutcome;
        try {
          const drawn = await drawSamples(deps.model, request, n, signal);
          // Each sample's thinking is split off its answer, as a call's is.
          const answers = drawn.answers.map(({ answer, finishReason, thinking }) => {
            const split = separateAnswer(answer, thinking ?? '');
            return {
              answer: split.answer,
              finishReason,
              ...(split.thinking ? { thinking: split.thinking } : {}),
            };
          });
          outcome = {
            ok: true,
            answers,
            usage: drawn.usage,
            ...(drawn.retries ? { retries: drawn.retries } : {}),
          };
        } catch (error) {
          if (error instanceof Stopped || isAbort(error) || signal?.aborted) throw new Stopped();
          outcome = { ok: false, error: toAppError(error) };
        }
        const answers = outcome.ok ? outcome.answers : [];
        // Numbered from 2: sample 1 is the stage's own temperature-0 answer (SQL₀).
        const thinking = answers
          .map((a, i) => (a.thinking ? `-- sample ${i + 2}\n${a.thinking}` : ''))
          .filter(Boolean)
          .join('\n\n');
        if (thinking) seenThinking = true;
        for (const note of outcome.ok ? (outcome.retries ?? []) : [])
          yield { type: 'call_retry', stage, call, retry: note };
        yield {
          type: 'call_finished',
          stage,
          call,
          answer: answers.map((a, i) => `-- sample ${i + 2}\n${a.answer}`).join('\n\n'),
          ...(thinking ? { thinking, thinkingTokens: await countThinking(thinking) } : {}),
          usage: outcome.ok ? outcome.usage : NO_USAGE,
          elapsedMs: performance.now() - started,
          finishReason: outcome.ok ? 'stop' : 'error',
          ...(outcome.ok ? {} : { notes: [`The samples broke off: ${outcome.error.message}`] }),
        };
        return outcome;
      },
      grammarSupport: () =>
        deps.model.grammarSupport?.() ?? {
          ok: false,
          reason: 'this engine takes no grammar',
        },
      lookup: deps.db,
      async *execute(sql: string, options = {}): AsyncGenerator<PipelineEvent, ExecutionOutcome> {
        const outcome = await runSql(sql, options.whole ?? false);
        yield { type: 'executed', stage, sql, outcome };
        return outcome;
      },
      async *currentOutcome(): AsyncGenerator<PipelineEvent, ExecutionOutcome | null> {
        // A SQL from a cut answer is reviewed as cut, not run as if whole.
        if (state.currentSql === null || state.currentCut) return null;
        if (state.currentOutcome === null)
          state.currentOutcome = yield* context.execute(state.currentSql);
        return state.currentOutcome;
      },
    };
    return context;
  };

  return contextFor;
}
