/**
 * The tokens Spider's official `process_sql.py` parses: quoted values are cut out first (single
 * quotes read as double quotes), the rest goes through NLTK's `word_tokenize` and is lower-cased,
 * and `!`, `>`, `<` followed by `=` are joined again. The difficulty of a question depends on how
 * this parser reads the gold SQL (including what it cannot read), so the tokenizer follows
 * NLTK's Treebank rules rather than a SQL grammar.
 */

export class SpiderParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpiderParseError';
  }
}

/** NLTK's word tokenizer (NLTKWordTokenizer), the rules that can fire on SQL text. */
const STARTING_QUOTES: [RegExp, string][] = [
  [/([«“‘„]|`+)/gu, ' $1 '],
  [/^"/g, '``'],
  [/(``)/g, ' $1 '],
  [/([ ([{<])("|'{2})/g, '$1 `` '],
  [/(')(?!re|ve|ll|m|t|s|d|n)(\w)\b/giu, '$1 $2'],
];

const PUNCTUATION: [RegExp, string][] = [
  [/([^.])(\.)([\])}>"']*)\s*$/u, '$1 $2 $3 '],
  [/([:,])([^\d])/g, ' $1 $2'],
  [/([:,])$/g, ' $1 '],
  [/\.{2,}/gu, ' $& '],
  [/[;@#$%&]/g, ' $& '],
  [/([^.])(\.)([\])}>"']*)\s*$/, '$1 $2$3 '],
  [/[?!]/g, ' $& '],
  [/([^'])' /g, "$1 ' "],
  [/[*]/gu, ' $& '],
];

const PARENS_BRACKETS: [RegExp, string] = [/[\][(){}<>]/g, ' $& '];
const DOUBLE_DASHES: [RegExp, string] = [/--/g, ' -- '];

const ENDING_QUOTES: [RegExp, string][] = [
  [/([»”’])/gu, ' $1 '],
  [/''/g, " '' "],
  [/"/g, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /g, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /g, '$1 $2 '],
];

const CONTRACTIONS: RegExp[] = [
  /\b(can)(not)\b/gi,
  /\b(d)('ye)\b/gi,
  /\b(gim)(me)\b/gi,
  /\b(gon)(na)\b/gi,
  /\b(got)(ta)\b/gi,
  /\b(lem)(me)\b/gi,
  /\b(mor)('n)\b/gi,
  /\b(wan)(na)(?=\s)/gi,
  / ('t)(is)\b/gi,
  / ('t)(was)\b/gi,
];

function applyAll(text: string, rules: [RegExp, string][]): string {
  return rules.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}

export function nltkWordTokenize(input: string): string[] {
  let text = applyAll(input, STARTING_QUOTES);
  text = applyAll(text, PUNCTUATION);
  text = applyAll(text, [PARENS_BRACKETS, DOUBLE_DASHES]);
  text = ` ${text} `;
  text = applyAll(text, ENDING_QUOTES);
  for (const pattern of CONTRACTIONS) text = text.replace(pattern, ' $1 $2 ');
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** `process_sql.tokenize`: values in quotes become single tokens (kept with their quotes and case). */
export function spiderTokens(sql: string): string[] {
  let text = sql.replace(/'/g, '"');
  const quotes: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '"') quotes.push(i);
  if (quotes.length % 2 !== 0) throw new SpiderParseError('Unexpected quote');

  const values = new Map<string, string>();
  for (let i = quotes.length - 1; i >= 0; i -= 2) {
    const start = quotes[i - 1] as number;
    const end = quotes[i] as number;
    const key = `__val_${start}_${end}__`;
    values.set(key, text.slice(start, end + 1));
    text = text.slice(0, start) + key + text.slice(end + 1);
  }

  let toks = nltkWordTokenize(text).map((word) => {
    const lower = word.toLowerCase();
    return values.get(lower) ?? lower;
  });

  // NLTK splits `>=` into `>` `=`; join them back, from the last `=` to the first.
  const eqIndices = toks.flatMap((t, i) => (t === '=' ? [i] : [])).reverse();
  for (const eq of eqIndices) {
    const pre = pyIndex(toks, eq - 1);
    if (pre === '!' || pre === '>' || pre === '<') {
      toks = [...pySlice(toks, 0, eq - 1), `${pre}=`, ...toks.slice(eq + 1)];
    }
  }
  return toks;
}

/** Python's `list[i]`, negative indices counting from the end. */
function pyIndex(list: string[], i: number): string | undefined {
  return list[i < 0 ? list.length + i : i];
}

/** Python's `list[a:b]`, negative bounds counting from the end. */
function pySlice(list: string[], start: number, end: number): string[] {
  return list.slice(start, end < 0 ? list.length + end : end);
}
