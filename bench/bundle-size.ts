/**
 * How much JavaScript the page loads before its first paint, gzipped: the entry script and
 * everything it pulls in statically (modulepreload links and static imports, followed
 * recursively), as read from the built dist/index.html. Also lists the lazy chunks (Monaco,
 * sql.js wasm, web-llm) that must stay out of that figure.
 *
 *   npx vite build && npx tsx bench/bundle-size.ts [distDir]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const dist = resolve(process.argv[2] ?? 'dist');

const gzipSize = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Asset paths as written in the HTML or a chunk, relative to dist. */
function fromHtml(ref: string): string {
  return posix.normalize(ref.replace(/^\.?\//, ''));
}

function staticImports(chunk: string): string[] {
  const code = readFileSync(join(dist, chunk), 'utf8');
  const found: string[] = [];
  // `import x from "./a.js"`, `import{a}from"./a.js"`, `import "./a.js"`, `export * from "./a.js"`;
  // dynamic `import("./a.js")` has a parenthesis and is left out on purpose.
  const pattern =
    /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) {
    const spec = match[1];
    if (spec?.startsWith('.')) found.push(posix.normalize(posix.join(posix.dirname(chunk), spec)));
  }
  return found;
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((m) => fromHtml(m[1] ?? ''));
const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) =>
  fromHtml(m[1] ?? ''),
);

const firstPaint = new Set<string>();
const queue = [...entries];
while (queue.length > 0) {
  const chunk = queue.pop();
  if (!chunk || firstPaint.has(chunk)) continue;
  firstPaint.add(chunk);
  queue.push(...staticImports(chunk));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? listFiles(path)
      : [relative(dist, path).split('\\').join('/')];
  });
}

function group(file: string): string {
  // Chunk names follow source file names (web-llm's is "lib"), so look inside when unsure.
  const code = file.endsWith('.js') ? readFileSync(join(dist, file), 'utf8') : '';
  if (code.includes('MLCEngine')) return 'web-llm';
  if (code.includes('tableList') && code.includes('columnList')) return 'node-sql-parser';
  if (/sql-wasm|\.wasm$|db\.worker/.test(file)) return 'sql.js';
  // Monaco's SQL grammar is its own small chunk, named after its source file (sql.js).
  if (/monaco|editor\.worker|codicon|^assets\/sql-[\w-]+\.js$/.test(file)) return 'Monaco';
  if (/web-llm|webllm|llm/.test(file)) return 'web-llm';
  return 'other';
}

console.log(`First paint (${dist}):`);
let firstPaintGzip = 0;
for (const chunk of [...firstPaint].sort()) {
  const size = gzipSize(join(dist, chunk));
  firstPaintGzip += size;
  console.log(`  ${chunk.padEnd(48)} ${kb(size).padStart(10)} gzip`);
}
const cssGzip = css.reduce((sum, file) => sum + gzipSize(join(dist, file)), 0);
console.log(
  `  JavaScript before first paint: ${kb(firstPaintGzip)} gzip (budget ${kb(BUDGET_BYTES)})`,
);
console.log(`  CSS before first paint:        ${kb(cssGzip)} gzip`);

console.log('Lazy (loaded on demand):');
const lazy = listFiles(join(dist, 'assets'))
  .map((file) => `assets/${file.replace(/^assets\//, '')}`)
  .filter((file) => !firstPaint.has(file) && !css.includes(file) && /\.(js|wasm|css)$/.test(file));
const totals = new Map<string, number>();
for (const file of lazy.sort((a, b) => gzipSize(join(dist, b)) - gzipSize(join(dist, a)))) {
  const size = gzipSize(join(dist, file));
  totals.set(group(file), (totals.get(group(file)) ?? 0) + size);
  console.log(`  ${file.padEnd(48)} ${kb(size).padStart(10)} gzip  [${group(file)}]`);
}
for (const [name, size] of totals) console.log(`  total ${name.padEnd(10)} ${kb(size)} gzip`);

if (firstPaintGzip > BUDGET_BYTES) {
  console.log(`OVER BUDGET by ${kb(firstPaintGzip - BUDGET_BYTES)}`);
  process.exitCode = 1;
}
