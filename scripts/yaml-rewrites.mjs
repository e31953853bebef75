// Build-time rewrites of the `yaml` package's ES-module source, applied as
// esbuild bundles it (scripts/build.mjs). Each keeps the package's behaviour
// and removes a cost that profiles of the summary workers showed; the build
// fails when a new version of the package no longer has the code a rewrite
// expects. test/scripts/yamlRewrites.test.mjs checks that the rewritten
// package lexes and parses every YAML file of the tests exactly as the
// package itself does.
import { readFile } from 'node:fs/promises';

// Every node the `yaml` Composer makes (a scalar, map, sequence or pair; about a million per pass over
// the benchmark's large workspace) tags itself, and every map and sequence stores its schema, with
// Object.defineProperty, a call into the runtime that V8 does not inline: 8-10 % of the parse in a
// profile of the summary workers. Plain assignments store the same values under the same keys; the
// only difference is that these properties become enumerable, which nothing reads (JSON goes through
// the nodes' toJSON, structured clone and JSON skip symbols, the package copies nodes through property
// descriptors). The build fails if a new version of the package changes these lines.
export const YAML_NODE_REWRITES = [
  ['nodes/Node.js', 'Object.defineProperty(this, NODE_TYPE, { value: type });', 'this[NODE_TYPE] = type;'],
  ['nodes/Pair.js', 'Object.defineProperty(this, NODE_TYPE, { value: PAIR });', 'this[NODE_TYPE] = PAIR;'],
  [
    'nodes/Collection.js',
    `Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });`,
    'this.schema = schema;',
  ],
];
// Every plain and single-quoted scalar goes through unfoldLines, which runs a regular expression looking for
// a line break over the whole value before returning a one-line value unchanged (most values): it returns at
// once when there is no line break, which is what the expression finds.
YAML_NODE_REWRITES.push([
  'compose/resolve-flow-scalar.js',
  `function unfoldLines(source) {
    const line = /(.*?)\\r?\\n/sy;`,
  `function unfoldLines(source) {
    if (!source.includes('\\n'))
        return source;
    const line = /(.*?)\\r?\\n/sy;`,
]);

// The Lexer and the Parser are generators all the way down: every lexeme goes through a `yield*` per
// nesting level (parseNext → parseDocument → pushIndicators → pushCount) and the Parser starts a
// generator per lexeme (next → step → blockMap → pop). Resuming those generators was most of the parse:
// on the benchmark's large workspace the Lexer alone took 1.3-1.9 s per pass, and 0.4-0.5 s with the
// same methods as plain functions. The rewrite turns each generator method into a plain method that
// appends what it yielded to an array (`yield x` → `this.out[this.out.length] = x`, `yield* f()` →
// `f()`, whose return value is the same). The public entry points (Lexer.lex; Parser.parse, next, end)
// return that array, which callers iterate as they iterated the generator; the package's only callers
// (Parser.parse over Lexer.lex, the public parse functions over Parser.parse) and ours do just that. The
// lexemes and tokens are made eagerly instead of on demand: the same ones, in the same order.
const PLAIN_GENERATORS = {
  'parse/lexer.js': { className: 'Lexer', entries: ['lex'], methods: 18 },
  'parse/parser.js': { className: 'Parser', entries: ['parse', 'next', 'end'], methods: 14 },
};

/** The source of lexer.js or parser.js with its generator methods made plain (see above). */
export function plainGenerators(contents, file) {
  const spec = PLAIN_GENERATORS[file];
  const fail = (why) => {
    throw new Error(`yaml-rewrites: ${file}: ${why} (another version of the yaml package?)`);
  };
  if (/\bout\b/.test(contents.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) fail('already uses a member named "out"');
  const methods = contents.match(/^ {4}\*[A-Za-z]\w*\(/gm) ?? [];
  if (methods.length !== spec.methods) fail(`${methods.length} generator methods, expected ${spec.methods}`);
  let out = contents;
  for (const entry of spec.entries) {
    // Internal calls of an entry point go to the plain method, not to the wrapper that starts a new array.
    out = out.replaceAll(`this.${entry}(`, `this._${entry}(`);
    const header = new RegExp(`^ {4}\\*${entry}\\(([^)]*)\\) \\{$`, 'm');
    const m = header.exec(out);
    if (!m) fail(`no generator method ${entry}`);
    const params = m[1];
    const args = params.split(',').map((p) => p.split('=')[0].trim()).filter(Boolean).join(', ');
    const wrapper = `    ${entry}(${params}) {\n        const out = (this.out = []);\n        this._${entry}(${args});\n        return out;\n    }\n    _${entry}(${params}) {`;
    out = out.slice(0, m.index) + wrapper + out.slice(m.index + m[0].length);
  }
  out = out.replace(/^( {4})\*([A-Za-z_]\w*\()/gm, '$1$2');
  out = out.replaceAll('yield* ', '');
  out = out.replace(/\byield (?=\S)/g, 'this.out[this.out.length] = ');
  const code = out.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  if (/\byield\b|^ {4}\*\w/m.test(code)) fail('a generator is left after the rewrite');
  if (!new RegExp(`class ${spec.className} \\{`).test(code)) fail(`no class ${spec.className}`);
  return out;
}

export const yamlRewrites = {
  name: 'yaml-rewrites',
  setup(b) {
    b.onLoad({ filter: /[\\/]yaml[\\/]browser[\\/]dist[\\/](nodes[\\/](Node|Pair|Collection)|compose[\\/]resolve-flow-scalar|parse[\\/](lexer|parser))\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      const path = args.path.replaceAll('\\', '/');
      for (const [file, from, to] of YAML_NODE_REWRITES) {
        if (!path.endsWith(file)) continue;
        if (!contents.includes(from)) throw new Error(`yaml-rewrites: "${from}" not found in ${args.path} (another version of the yaml package?)`);
        contents = contents.replace(from, to);
      }
      for (const file of Object.keys(PLAIN_GENERATORS)) if (path.endsWith(file)) contents = plainGenerators(contents, file);
      return { contents, loader: 'js' };
    });
  },
};
