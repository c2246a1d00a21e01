/**
 * Writing EBNF that three grammar engines read alike: XGrammar (WebLLM, vLLM) and llama.cpp's
 * GBNF. The common ground is small: `name ::= body` on one line, rule names of letters, digits
 * and hyphens (GBNF takes no underscore), double-quoted literals, character classes, `?`, `*`,
 * `+`, `{m,n}` and `#` comments.
 */

/** A double-quoted literal, escaped the way both parsers read it. */
export function lit(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return `${out}"`;
}

const LETTER = /^[A-Za-z]$/;

/**
 * A word matched without regard to ASCII case, as SQLite matches keywords and names:
 * `Name` becomes `[nN] [aA] [mM] [eE]`. Runs of other characters stay one literal.
 */
export function caseless(word: string): string {
  const parts: string[] = [];
  let run = '';
  for (const ch of word) {
    if (LETTER.test(ch)) {
      if (run) parts.push(lit(run));
      run = '';
      parts.push(`[${ch.toLowerCase()}${ch.toUpperCase()}]`);
    } else {
      run += ch;
    }
  }
  if (run) parts.push(lit(run));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' ')})`;
}

/** One character of a class, escaped where a class needs it. */
function classChar(ch: string): string {
  return ch === ']' || ch === '\\' || ch === '^' || ch === '-' ? `\\${ch}` : ch;
}

/** A character class of exactly these (ASCII) characters, written as ranges. */
export function charClass(chars: Iterable<string>): string {
  const codes = [...new Set(chars)].map((c) => c.charCodeAt(0)).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < codes.length;) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === (codes[j] as number) + 1) j++;
    const from = String.fromCharCode(codes[i] as number);
    const to = String.fromCharCode(codes[j] as number);
    parts.push(
      j - i >= 2
        ? `${classChar(from)}-${classChar(to)}`
        : [...range(i, j)].map((k) => classChar(String.fromCharCode(codes[k] as number))).join(''),
    );
    i = j + 1;
  }
  return `[${parts.join('')}]`;
}

function* range(from: number, to: number): Generator<number> {
  for (let k = from; k <= to; k++) yield k;
}

/** Alternatives, parenthesised when there is more than one. */
export function anyOf(alternatives: string[]): string {
  const unique = [...new Set(alternatives)];
  return unique.length === 1 ? (unique[0] as string) : `(${unique.join(' | ')})`;
}

/** Rules in order, one per line. */
export class RuleSet {
  private readonly lines: string[] = [];
  private readonly names = new Set<string>();

  add(name: string, body: string): string {
    if (this.names.has(name)) throw new Error(`Grammar rule ${name} defined twice`);
    this.names.add(name);
    this.lines.push(`${name} ::= ${body}`);
    return name;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  get size(): number {
    return this.lines.length;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
