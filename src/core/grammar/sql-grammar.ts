/**
 * A grammar of SQLite SELECT statements over one schema, for constrained decoding: the model
 * can only write the schema's tables and columns (or names the query defines), while literals,
 * numbers and expressions stay free. One EBNF text serves WebLLM (XGrammar), vLLM and
 * llama.cpp (GBNF).
 *
 * What a context-free grammar can and cannot enforce (docs/architecture.md says it too):
 * - A table in FROM/JOIN is a schema table. `table.column` takes only that table's columns.
 * - An alias is a plain name that is not a table's name; `alias.column` takes any column of the
 *   schema, because a grammar cannot remember which table the alias stands for.
 * - A bare column is a schema column. The one place a defined name (an output alias such as
 *   `AS total`) may be used bare is an ORDER BY term, and only when the select list (the first
 *   one, in a compound) defines an alias: without one, `ORDER BY birthdae` is a misspelt column,
 *   not a name the query made. So the select list comes in two forms, with an alias and without.
 * - After `WITH`, the query's own CTE names and their columns are names the grammar cannot
 *   know, so the statement after a WITH clause also accepts aliases as tables and columns.
 * - SQLite reads "text" as a string when no column has that name; the grammar accepts a
 *   double-quoted string only where a value goes (the right of an operator, arguments, IN lists,
 *   THEN/ELSE), never as the left side of a comparison or a selected column.
 * - Whitespace is one optional or required single space between tokens: no rule repeats blanks.
 */
import { anyOf, caseless, lit, RuleSet } from './ebnf';
import { addAliasName, nameForms } from './names';

/** Kept tables, each with its kept columns (the pipeline's simplified schema has this shape). */
export type GrammarSchema = Record<string, string[]>;

/** What the whole answer looks like around the SQL. */
export type AnswerFrame =
  | { kind: 'sql' }
  | { kind: 'fenced' }
  /** A noise-correction answer: the verdict sentence, or one sentence and a fenced SQL. */
  | { kind: 'verdict'; correctText: string };

export interface SqlGrammar {
  text: string;
  rules: number;
  bytes: number;
}

const FUNCTIONS = `count sum avg min max total group_concat string_agg abs round length lower upper
substr substring instr replace trim ltrim rtrim coalesce ifnull iif nullif strftime date time
datetime julianday unixepoch timediff typeof printf format char hex unhex quote random sign ceil
ceiling floor trunc sqrt pow power exp ln log log2 log10 mod pi unicode like glob likely unlikely
octet_length concat concat_ws row_number rank dense_rank ntile lag lead first_value last_value
nth_value percent_rank cume_dist json json_extract json_array_length json_type`.split(/\s+/);

const TYPE_WORDS = `integer int real text numeric float double decimal varchar char blob boolean
date datetime bigint precision`.split(/\s+/);

const SYMBOL_OPERATORS = [
  '||',
  '->>',
  '->',
  '*',
  '/',
  '%',
  '+',
  '-',
  '<<',
  '>>',
  '&',
  '|',
  '<=',
  '>=',
  '<',
  '>',
  '==',
  '=',
  '!=',
  '<>',
];

const MAX_REASON_CHARS = 300;

class Builder {
  readonly rules = new RuleSet();
  private readonly keywords = new Map<string, string>();

  constructor(private readonly schema: GrammarSchema) {}

  /** The rule name of a keyword, defined the first time it is used. */
  kw(word: string): string {
    const key = word.toLowerCase();
    let name = this.keywords.get(key);
    if (!name) this.keywords.set(key, (name = `kw-${key.replaceAll('_', '-')}`));
    return name;
  }

  /** kw(a) space kw(b) ... */
  kws(words: string): string {
    return words
      .split(' ')
      .map((w) => this.kw(w))
      .join(' space ');
  }

  build(frame: AnswerFrame): SqlGrammar {
    const r = this.rules;
    r.add('root', this.frameBody(frame));
    r.add('space', '" "');
    r.add('gap', '" "?');
    this.names();
    this.query('', false);
    this.query('-w', true);
    this.shared();
    for (const [word, name] of this.keywords) r.add(name, caseless(word));
    const text = r.text();
    return { text, rules: r.size, bytes: new TextEncoder().encode(text).length };
  }

  private frameBody(frame: AnswerFrame): string {
    const sql = `query (gap ";")?`;
    const fenced = `"\`\`\`sql\\n" ${sql} "\\n\`\`\`"`;
    if (frame.kind === 'sql') return sql;
    if (frame.kind === 'fenced') return fenced;
    return `${lit(frame.correctText)} | [^\\n\`]{1,${MAX_REASON_CHARS}} "\\n" ${fenced}`;
  }

  private names(): void {
    const r = this.rules;
    const tables = Object.keys(this.schema);
    // One rule per distinct column name (any case), shared by the tables that have it.
    const columnRules = new Map<string, string>();
    const columnRule = (column: string): string => {
      const key = column.toLowerCase();
      let name = columnRules.get(key);
      if (!name)
        columnRules.set(key, (name = r.add(`column-${columnRules.size + 1}`, nameForms(column))));
      return name;
    };
    const qualified: string[] = [];
    tables.forEach((table, i) => {
      const n = i + 1;
      r.add(`table-${n}`, nameForms(table));
      const columns = this.schema[table] ?? [];
      if (columns.length > 0) {
        r.add(`table-${n}-column`, anyOf(columns.map(columnRule)));
        qualified.push(`table-${n} "." table-${n}-column`);
      }
    });
    if (tables.length === 0 || columnRules.size === 0)
      throw new Error('A schema grammar needs at least one table with a column.');
    r.add('table-name', anyOf(tables.map((_, i) => `table-${i + 1}`)));
    r.add('any-column', anyOf([...columnRules.values()]));
    r.add('table-column', anyOf(qualified));
    addAliasName(r, tables);
    r.add('qualifier', 'table-name | alias-name');
  }

  /** The statement rules; `loose` is the copy used after a WITH clause (see the header). */
  private query(m: string, loose: boolean): void {
    const r = this.rules;
    const k = (w: string) => this.kw(w);
    r.add(`query${m}`, `select-stmt${m} | with-clause space select-stmt-w`);
    if (!loose) {
      r.add('with-clause', `${k('with')} space (${k('recursive')} space)? cte (gap "," gap cte)*`);
      r.add(
        'cte',
        `alias-name (gap "(" gap alias-name (gap "," gap alias-name)* gap ")")? space ${k('as')} space (${this.kws('not')} space)? (${k('materialized')} space)? "(" gap query-w gap ")"`,
      );
    }
    const compounds = `(space compound-op space select-core${m})*`;
    r.add(
      `select-stmt${m}`,
      `select-named${m} ${compounds} (space order-by-named${m})? (space limit${m})?` +
        ` | select-plain${m} ${compounds} (space order-by${m})? (space limit${m})?`,
    );
    r.add(`select-core${m}`, `select-named${m} | select-plain${m}`);
    const select = `${k('select')} space (${k('distinct')} space | ${k('all')} space)?`;
    // With no alias in its list, and with at least one (the first `AS` decides which).
    r.add(
      `select-plain${m}`,
      `${select} result-plain${m} (gap "," gap result-plain${m})* select-rest${m}` +
        ` | ${k('values')} gap row${m} (gap "," gap row${m})*`,
    );
    r.add(
      `select-named${m}`,
      `${select} (result-plain${m} gap "," gap)* result-named${m} (gap "," gap result-column${m})* select-rest${m}`,
    );
    r.add(
      `select-rest${m}`,
      `(space ${k('from')} space from-clause${m})? (space ${k('where')} space expr${m})? (space ${this.kws('group by')} space expr${m} (gap "," gap expr${m})* (space ${k('having')} space expr${m})?)?`,
    );
    r.add(`row${m}`, `"(" gap value${m} (gap "," gap value${m})* gap ")"`);
    r.add(`result-column${m}`, `result-plain${m} | result-named${m}`);
    r.add(`result-plain${m}`, `"*" | qualifier "." "*" | expr${m}`);
    r.add(`result-named${m}`, `expr${m} space ${k('as')} space output-name`);
    r.add(`from-clause${m}`, `table-or-subquery${m} join-part${m}*`);
    r.add(
      `join-part${m}`,
      `gap "," gap table-or-subquery${m} | space join-operator space table-or-subquery${m} (space ${k('on')} space expr${m} | space ${k('using')} gap "(" gap any-column (gap "," gap any-column)* gap ")")?`,
    );
    r.add(
      `table-or-subquery${m}`,
      `table-ref${m} table-alias? | "(" gap query${m} gap ")" table-alias? | "(" gap from-clause${m} gap ")"`,
    );
    r.add(`table-ref${m}`, loose ? 'table-name | alias-name' : 'table-name');
    r.add(
      `column-ref${m}`,
      loose
        ? 'column-ref | alias-name | alias-name "." alias-name'
        : 'any-column | table-column | alias-name "." any-column',
    );
    r.add(`expr${m}`, `operand${m} expr-tail${m}*`);
    r.add(
      `expr-tail${m}`,
      `gap symbol-operator gap right${m} | space word-operator space right${m} | space in-operator${m} | space postfix`,
    );
    r.add(`right${m}`, `operand${m} | dq-string`);
    r.add(`value${m}`, `expr${m} | dq-string`);
    r.add(
      `in-operator${m}`,
      `(${k('not')} space)? ${k('in')} gap "(" gap (query${m} | value${m} (gap "," gap value${m})*)? gap ")" | (${k('not')} space)? ${k('in')} space table-ref${m}`,
    );
    r.add(`operand${m}`, `prefix* primary${m}`);
    r.add(
      `primary${m}`,
      [
        'literal',
        `column-ref${m}`,
        `"(" gap expr${m} (gap "," gap expr${m})* gap ")"`,
        `"(" gap query${m} gap ")"`,
        `${k('exists')} gap "(" gap query${m} gap ")"`,
        `case-expr${m}`,
        `${k('cast')} gap "(" gap value${m} space ${k('as')} space type-name gap ")"`,
        `function-call${m}`,
      ].join(' | '),
    );
    r.add(
      `function-call${m}`,
      `function-name gap "(" gap ("*" | (${k('distinct')} space)? value${m} (gap "," gap value${m})*)? gap ")" (space over-clause${m})?`,
    );
    r.add(
      `over-clause${m}`,
      `${k('over')} gap "(" gap (partition${m} (space order-by${m})? | order-by${m})? gap ")"`,
    );
    r.add(`partition${m}`, `${this.kws('partition by')} space expr${m} (gap "," gap expr${m})*`);
    r.add(
      `case-expr${m}`,
      `${k('case')} (space expr${m})? (space ${k('when')} space expr${m} space ${k('then')} space value${m})+ (space ${k('else')} space value${m})? space ${k('end')}`,
    );
    r.add(
      `order-by${m}`,
      `${this.kws('order by')} space order-term${m} (gap "," gap order-term${m})*`,
    );
    r.add(
      `order-by-named${m}`,
      `${this.kws('order by')} space order-term-named${m} (gap "," gap order-term-named${m})*`,
    );
    const orderSuffix = `(space ${k('collate')} space collation)? (space (${k('asc')} | ${k('desc')}))? (space ${k('nulls')} space (${k('first')} | ${k('last')}))?`;
    r.add(`order-term${m}`, `value${m} ${orderSuffix}`);
    r.add(`order-term-named${m}`, `(value${m} | alias-name) ${orderSuffix}`);
    r.add(
      `limit${m}`,
      `${k('limit')} space expr${m} ((space ${k('offset')} space | gap "," gap) expr${m})?`,
    );
  }

  private shared(): void {
    const r = this.rules;
    const k = (w: string) => this.kw(w);
    r.add('compound-op', `${k('union')} (space ${k('all')})? | ${k('intersect')} | ${k('except')}`);
    r.add(
      'join-operator',
      `(${k('natural')} space)? ((${k('left')} | ${k('right')} | ${k('full')}) space (${k('outer')} space)? | ${k('inner')} space | ${k('cross')} space)? ${k('join')}`,
    );
    r.add('table-alias', `space (${k('as')} space)? alias-name`);
    r.add('output-name', 'alias-name | dq-string | sq-string');
    r.add('symbol-operator', SYMBOL_OPERATORS.map(lit).join(' | '));
    r.add(
      'word-operator',
      `${k('and')} | ${k('or')} | ${k('is')} (space ${k('not')})? (space ${this.kws('distinct from')})? | (${k('not')} space)? (${k('like')} | ${k('glob')} | ${k('regexp')} | ${k('match')} | ${k('between')}) | ${k('escape')}`,
    );
    r.add(
      'postfix',
      `${k('isnull')} | ${k('notnull')} | ${this.kws('not null')} | ${k('collate')} space collation`,
    );
    r.add('prefix', `"-" gap | "+" gap | "~" gap | ${k('not')} space`);
    r.add('collation', [k('nocase'), k('binary'), k('rtrim')].join(' | '));
    r.add('function-name', FUNCTIONS.map((f) => caseless(f)).join(' | '));
    r.add(
      'type-name',
      `type-word (space type-word)? (gap "(" gap number (gap "," gap number)? gap ")")?`,
    );
    r.add('type-word', TYPE_WORDS.map((w) => caseless(w)).join(' | '));
    r.add(
      'literal',
      [
        'number',
        'sq-string',
        'blob',
        k('null'),
        k('true'),
        k('false'),
        k('current_timestamp'),
        k('current_date'),
        k('current_time'),
      ].join(' | '),
    );
    r.add(
      'number',
      `[0-9]+ ("." [0-9]*)? exponent? | "." [0-9]+ exponent? | "0" [xX] [0-9a-fA-F]+`,
    );
    r.add('exponent', '[eE] [+\\-]? [0-9]+');
    r.add('sq-string', `"'" ([^'\\n] | "''")* "'"`);
    r.add('dq-string', `"\\"" ([^"\\n] | "\\"\\"")* "\\""`);
    r.add('blob', `[xX] "'" [0-9a-fA-F]* "'"`);
  }
}

/** The grammar of answers over `schema`, framed as the stage's answer must be. */
export function buildSqlGrammar(
  schema: GrammarSchema,
  frame: AnswerFrame = { kind: 'sql' },
): SqlGrammar {
  return new Builder(schema).build(frame);
}
