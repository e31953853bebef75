// The bundle rewrites the `yaml` package as it takes it in (scripts/yaml-rewrites.mjs): generator
// methods of its Lexer and Parser become plain methods, a few node constructors assign instead of
// defining properties. The rewritten package must read every YAML text exactly as the package does:
// the same lexemes, the same syntax tree tokens, the same documents and errors. The texts are every
// YAML file of the tests and examples, each also with CRLF line ends and cut in the middle (what an
// editor holds while typing), and texts made to reach the Lexer's rarer states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { yamlRewrites, plainGenerators } from '../../scripts/yaml-rewrites.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const original = require('yaml');

async function rewrittenYaml() {
  const dir = mkdtempSync(join(tmpdir(), 'istio-ls-yaml-'));
  try {
    const outfile = join(dir, 'yaml.cjs');
    await build({
      stdin: { contents: "module.exports = require('yaml');", resolveDir: root },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
      plugins: [yamlRewrites],
      alias: { yaml: join(root, 'node_modules', 'yaml', 'browser', 'index.js') },
    });
    const source = readFileSync(outfile, 'utf8');
    assert.doesNotMatch(source.slice(source.indexOf('class Lexer'), source.indexOf('class Parser')), /\byield\b/, 'the bundled Lexer still has generators');
    return require(outfile);
  } finally {
    // require() has read the file: the folder can go.
    rmSync(dir, { recursive: true, force: true });
  }
}

function yamlFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const f = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(f, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(f);
  }
  return out;
}

// Texts that reach the Lexer's and Parser's rarer paths: directives, flow collections over lines, block
// scalars with indicators, explicit keys, anchors and tags, tabs, a BOM, unterminated quotes, stray flow ends.
const MADE = [
  '%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\n!e!x &a { a: [1, 2, *a], ? b : c }\n...\n',
  'a: |2+\n    x\n\n\nb: >-\n  folded\n  text\n\n# end\n',
  'hosts: [\n  "a",\n  b.example.com ,\n]\nmap: {a: 1,\n  b: {c: [d, e]}}\n',
  '? complex key\n: value\n- wrong\n',
  '\ufeffkind: A\n\tbad: tab\nc: "unterminated\n  d: e\n',
  "s: 'it''s'\nd: \"a\\\"b\"\nr: ]\nq: }\n",
  'a:\n  - b\n  -\n  - c: d\n    e: f\n---\n--- \n...\n',
  'x: &anchor\n  y: 1\nz: *anchor\nw: !!str 2\nv: !<tag:yaml.org,2002:int> 3\n',
  'plain: multi\n  line\n  scalar\nnext: 1 # c\n',
  'f: [a, {b: c}, [d]]]\n',
  'empty: |\nfolded: >\n\nlast: |-\n',
  'k: "line one\n\n  line two"\nl: \'one\n two\'\n',
];

function variants(text) {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  return [text, crlf, text.slice(0, Math.floor(text.length / 2)), text.slice(0, Math.floor(text.length / 3) + 1)];
}

const documentsOf = (yaml, text) =>
  yaml.parseAllDocuments(text).map((d) => ({
    contents: JSON.stringify(d.contents),
    range: d.range,
    errors: d.errors.map((e) => `${e.code} ${e.pos} ${e.message}`),
    warnings: d.warnings.map((e) => `${e.code} ${e.pos} ${e.message}`),
    text: d.errors.length ? '' : stringified(d),
  }));

function stringified(doc) {
  try {
    return String(doc);
  } catch (e) {
    return `throws ${e.message}`;
  }
}

test('the rewritten yaml package lexes, parses and composes every YAML text as the package does', async () => {
  const rewritten = await rewrittenYaml();
  const texts = [...yamlFiles(join(root, 'test')), ...yamlFiles(join(root, 'examples'))].map((f) => [relative(root, f), readFileSync(f, 'utf8')]);
  assert.ok(texts.length > 300, `only ${texts.length} YAML files found`);
  texts.push(...MADE.map((t, i) => [`made text ${i}`, t]));
  let compared = 0;
  for (const [name, whole] of texts) {
    for (const text of variants(whole)) {
      const lexemes = [...new original.Lexer().lex(text)];
      assert.deepEqual([...new rewritten.Lexer().lex(text)], lexemes, `${name}: lexemes differ`);
      const lines = [];
      const tokens = [...new original.Parser((o) => lines.push(o)).parse(text)];
      const rewrittenLines = [];
      assert.deepEqual([...new rewritten.Parser((o) => rewrittenLines.push(o)).parse(text)], tokens, `${name}: syntax tree differs`);
      assert.deepEqual(rewrittenLines, lines, `${name}: line starts differ`);
      assert.deepEqual(documentsOf(rewritten, text), documentsOf(original, text), `${name}: documents differ`);
      compared++;
    }
  }
  assert.ok(compared > 1200);
});

test('input given in pieces (incomplete lexing) gives the same tokens after the rewrite', async () => {
  const rewritten = await rewrittenYaml();
  const text = readFileSync(yamlFiles(join(root, 'examples'))[0], 'utf8') + MADE.join('---\n');
  const pieces = (yaml) => {
    const parser = new yaml.Parser();
    const tokens = [];
    for (let i = 0; i < text.length; i += 37) tokens.push(...parser.parse(text.slice(i, i + 37), i + 37 < text.length));
    return tokens;
  };
  assert.deepEqual(pieces(rewritten), pieces(original));
  assert.ok(pieces(original).length > 5);
});

test('the rewrite refuses a package version whose Lexer it does not know', () => {
  const lexer = readFileSync(join(root, 'node_modules', 'yaml', 'browser', 'dist', 'parse', 'lexer.js'), 'utf8');
  assert.throws(() => plainGenerators(lexer.replace('*pushNewline() {', '*pushNewline() {\n        yield* this.extra();\n    }\n    *extra() {'), 'parse/lexer.js'), /generator methods/);
  assert.throws(() => plainGenerators(`${lexer}\nconst out = 1;\n`, 'parse/lexer.js'), /"out"/);
});
