// Build: generate the schema from @kubernetes-models/istio, then bundle the
// client and the server with esbuild. `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = join(root, 'dist', 'schema.json');
const gen = join(root, 'scripts', 'gen-schema.mjs');
const overlayDir = join(root, 'server/src/core/schema/overlay');
const inputs = [gen, join(root, 'scripts', 'schema-overlay.mjs'), ...readdirSync(overlayDir).map((f) => join(overlayDir, f))];
if (!existsSync(schema) || inputs.some((f) => statSync(schema).mtimeMs < statSync(f).mtimeMs)) {
  execFileSync(process.execPath, [gen, schema], { stdio: 'inherit', cwd: root });
}

// The `yaml` package is bundled from its ES-module build (the one it ships for browsers; the same code).
// Its Node build is CommonJS: every call into it from our code went through esbuild's interop getters,
// and its Parser read `process.env.LOG_TOKENS` (a call into C++) once per token, a quarter of the parse
// of the benchmark's large workspace. The ES-module build reads no `process` and is linked statically.
const yamlEsm = join(root, 'node_modules', 'yaml', 'browser', 'index.js');

// Every node the `yaml` Composer makes (a scalar, map, sequence or pair; about a million per pass over
// the benchmark's large workspace) tags itself, and every map and sequence stores its schema, with
// Object.defineProperty, a call into the runtime that V8 does not inline: 8-10 % of the parse in a
// profile of the summary workers. Plain assignments store the same values under the same keys; the
// only difference is that these properties become enumerable, which nothing reads (JSON goes through
// the nodes' toJSON, structured clone and JSON skip symbols, the package copies nodes through property
// descriptors). The build fails if a new version of the package changes these lines.
const YAML_NODE_REWRITES = [
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
const yamlNodeRewrites = {
  name: 'yaml-node-rewrites',
  setup(b) {
    b.onLoad({ filter: /[\\/]yaml[\\/]browser[\\/]dist[\\/](nodes[\\/](Node|Pair|Collection)|compose[\\/]resolve-flow-scalar)\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      for (const [file, from, to] of YAML_NODE_REWRITES) {
        if (!args.path.replaceAll('\\', '/').endsWith(file)) continue;
        if (!contents.includes(from)) throw new Error(`yaml-node-rewrites: "${from}" not found in ${args.path} (another version of the yaml package?)`);
        contents = contents.replace(from, to);
      }
      return { contents, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // The kind snippets are offered by the server where a document starts (not contributed to every list).
  plugins: [yamlNodeRewrites],
  alias: { yaml: yamlEsm, '@generated/schema.json': schema, '@snippets/istio.json': join(root, 'snippets', 'istio.json') },
};

const targets = [
  { ...common, entryPoints: [join(root, 'server/src/main.ts')], outfile: join(root, 'dist/server/main.js') },
  { ...common, entryPoints: [join(root, 'server/src/node/summaryWorker.ts')], outfile: join(root, 'dist/server/summaryWorker.js') },
  { ...common, entryPoints: [join(root, 'server/src/core/index.ts')], outfile: join(root, 'dist/core.js') },
  { ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client/extension.js'), external: ['vscode'] },
  // The traffic map's drawing runs in a webview (a browser): its own bundle, with the layout library.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [join(root, 'client/webview/trafficMap.ts')], outfile: join(root, 'dist/webview/trafficMap.js') },
];

if (process.argv.includes('--watch')) {
  for (const t of targets) await (await context(t)).watch();
} else {
  await Promise.all(targets.map((t) => build(t)));
  console.log('build: dist/server/main.js dist/core.js dist/client/extension.js dist/webview/trafficMap.js');
}
