// Build: generate the schema from @kubernetes-models/istio, then bundle the
// client and the server with esbuild. `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { yamlRewrites } from './yaml-rewrites.mjs';
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

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // The kind snippets are offered by the server where a document starts (not contributed to every list).
  plugins: [yamlRewrites],
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
