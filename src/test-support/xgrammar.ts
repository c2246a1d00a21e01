/**
 * The grammar engine WebLLM compiles grammars with (@mlc-ai/web-xgrammar, the version web-llm
 * pins), loaded in Node through a small CommonJS wrapper (xgrammar-loader.cjs says why).
 * Test-only.
 */
import { createRequire } from 'node:module';
import type * as XGrammar from '@mlc-ai/web-xgrammar';

type XGrammarModule = typeof XGrammar;

export function xgrammar(): XGrammarModule {
  return createRequire(import.meta.url)('./xgrammar-loader.cjs') as XGrammarModule;
}

/** Whether the grammar (started at `root`) accepts the whole text, as XGrammar's matcher decides. */
export async function grammarAccepts(ebnf: string, text: string, root = 'root'): Promise<boolean> {
  const { Grammar, Testings } = xgrammar();
  return Testings.isGrammarAcceptString(await Grammar.fromEBNF(ebnf, root), text);
}

/**
 * Whether every text is accepted, in one call: each call costs about 0.1 s whatever its length,
 * so a database's queries are checked as one text of lines under `batch ::= root ("\n" root)*`.
 * This is exact, not an approximation: no accepted answer contains a line break outside a fence,
 * so the only way to split the batch is at its line breaks. Texts with a line break (fenced
 * answers) must be checked one by one.
 */
export async function grammarAcceptsAll(ebnf: string, texts: string[]): Promise<boolean> {
  if (texts.some((t) => t.includes('\n'))) throw new Error('batch texts must be single lines');
  return grammarAccepts(`${ebnf}batch ::= root ("\\n" root)*\n`, texts.join('\n'), 'batch');
}
