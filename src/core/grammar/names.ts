/**
 * The identifier rules of a schema grammar: table and column names as SQLite reads them (any
 * ASCII case; bare only where the name may be typed bare, otherwise "double-quoted" or
 * `backticked`), and the names a query may define itself (aliases), which are plain names that
 * are not a table's name, so that `singer.budget` can only mean the table singer.
 */
import { isSqliteKeyword } from '../sql/sqlite-keywords';
import { anyOf, caseless, charClass, RuleSet } from './ebnf';

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name) && !isSqliteKeyword(name);
}

/** Every way a query may spell this schema name. */
export function nameForms(name: string): string {
  const forms = [
    `"\\"" ${caseless(name.replaceAll('"', '""'))} "\\""`,
    `"\`" ${caseless(name.replaceAll('`', '``'))} "\`"`,
  ];
  if (isPlainName(name)) forms.unshift(caseless(name));
  return anyOf(forms);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const FIRST_CHARS = [...LETTERS, ...LETTERS.toUpperCase(), '_'];
const NAME_CHARS = [...FIRST_CHARS, ...'0123456789'];

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

function trieOf(words: Iterable<string>): TrieNode {
  const root: TrieNode = { end: false, children: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word.toLowerCase()) {
      let next = node.children.get(ch);
      if (!next) node.children.set(ch, (next = { end: false, children: new Map() }));
      node = next;
    }
    node.end = true;
  }
  return root;
}

/**
 * Adds `alias-name`: a plain name (letters, digits, `_`) that is none of `excluded`, in any
 * case. A context-free grammar cannot remember which aliases a query defined, but it can keep
 * the two kinds of name apart: this is the complement of a finite set, one rule per trie node.
 */
export function addAliasName(rules: RuleSet, excluded: string[]): string {
  const words = excluded.filter((w) => PLAIN_NAME.test(w));
  const root = trieOf(words);
  let counter = 0;
  const visit = (node: TrieNode, first: boolean): string => {
    const name = first ? 'alias-name' : `alias-name-${++counter}`;
    const alternatives: string[] = [];
    const taken = new Set<string>();
    for (const [ch, child] of node.children) {
      taken.add(ch).add(ch.toUpperCase());
      alternatives.push(`${caseless(ch)} ${visit(child, false)}`);
    }
    const free = (first ? FIRST_CHARS : NAME_CHARS).filter((c) => !taken.has(c));
    if (free.length > 0) alternatives.push(`${charClass(free)} name-char*`);
    const body = anyOf(alternatives);
    // Stopping here is allowed unless the letters so far spell an excluded word (or nothing).
    rules.add(name, first || node.end ? body : `${body}?`);
    return name;
  };
  if (!rules.has('name-char')) rules.add('name-char', charClass(NAME_CHARS));
  visit(root, true);
  return 'alias-name';
}
