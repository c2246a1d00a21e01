/**
 * The agreement vote: k-1 more samples of the SQL-generation prompt at a higher temperature,
 * SQL₀ counting as the first (temperature-0) one. Every sample runs; the samples are grouped by
 * result and the largest group's SQL becomes the current SQL.
 */
import { toErrorPayload } from '../../errors';
import type { QueryResult } from '../../sql/result';
import { agreementText, voteOnSamples, type VoteSample } from '../../vote/vote';
import { sameResult } from '../../vote/same-result';
import type { ExecutionOutcome, VoteSampleReport } from '../events';
import { findSql } from '../parse-sql';
import { constrain } from './constrain';
import { sqlGenerationPrompt } from './sql-generation';
import type { PipelineStage } from './stage';

export const sampleVoteStage: PipelineStage = {
  id: 'sample_vote',
  label: 'Agreement vote',
  switchedOff: (settings) =>
    settings.samples > 1 ? null : 'skipped: the agreement vote is switched off',
  async *run(ctx) {
    const first = ctx.state.currentSql;
    if (first === null) {
      yield {
        type: 'skipped',
        stage: 'sample_vote',
        reason: 'skipped: there is no SQL₀ to vote with',
      };
      return;
    }
    const { settings } = ctx.input;
    const started = performance.now();
    const prompt = sqlGenerationPrompt(ctx);
    const constraint = constrain(ctx, 'samples', prompt.grammarSchema, { kind: 'fenced' });
    const drawn = yield* ctx.sample(
      'samples',
      prompt.prompt,
      settings.samples - 1,
      settings.sampleTemperature,
      { grammar: constraint?.grammar },
    );
    if (constraint) yield constraint.report(drawn.ok ? drawn.usage : undefined);
    if (!drawn.ok) {
      yield { type: 'stage_failed', stage: 'sample_vote', error: toErrorPayload(drawn.error) };
      return;
    }

    const firstOutcome = (yield* ctx.currentOutcome()) as ExecutionOutcome | null;
    const outcomes: (ExecutionOutcome | null)[] = [firstOutcome];
    const sqls: (string | null)[] = [first];
    const problems: (string | null)[] = [
      firstOutcome && !firstOutcome.ok ? 'it failed to run' : null,
    ];
    for (const { answer, finishReason } of drawn.answers) {
      const sql = findSql(answer);
      const cut = finishReason === 'length';
      const outcome = sql !== null && !cut ? yield* ctx.execute(sql) : null;
      sqls.push(sql);
      outcomes.push(outcome);
      problems.push(
        sql === null
          ? 'no SQL in the answer'
          : cut
            ? 'the answer was cut off'
            : outcome && !outcome.ok
              ? 'it failed to run'
              : null,
      );
    }
    const samples: VoteSample[] = sqls.map((sql, i) => {
      const outcome = outcomes[i];
      return { sql, result: outcome?.ok ? (outcome.result as QueryResult) : null };
    });
    const vote = voteOnSamples(samples, sameResult);
    const groupOf = (i: number) => {
      const g = vote.groups.findIndex((group) => group.members.includes(i));
      return g < 0 ? null : g;
    };
    const reported: VoteSampleReport[] = sqls.map((sql, i) => ({
      sql,
      group: groupOf(i),
      problem: problems[i] ?? null,
    }));
    yield {
      type: 'report',
      stage: 'sample_vote',
      report: {
        kind: 'vote',
        samples: reported,
        groups: vote.groups,
        agreeing: vote.agreeing,
        total: vote.total,
        completionTokens: drawn.usage.completionTokens,
        elapsedMs: performance.now() - started,
      },
    };
    const winner = vote.winner;
    if (!winner) {
      yield { type: 'rejected', stage: 'sample_vote', reason: `${agreementText(vote)}: SQL₀ kept` };
      return;
    }
    yield {
      type: 'parsed',
      stage: 'sample_vote',
      output: { stage: 'sample_vote', sql: winner.sql },
    };
    if (winner.members.includes(0)) {
      yield {
        type: 'rejected',
        stage: 'sample_vote',
        reason: `${agreementText(vote)} with SQL₀: it stays the current SQL`,
      };
      return;
    }
    const index = winner.members[0] as number;
    ctx.state.currentSql = winner.sql;
    ctx.state.currentOutcome = outcomes[index] ?? null;
    yield {
      type: 'adopted',
      stage: 'sample_vote',
      sql: winner.sql,
      reason: `${agreementText(vote)} on another result than SQL₀: the largest group's SQL is adopted`,
    };
  },
};
