// Debugging aid: prints the TextMate tokens of a YAML file with the Istio injection grammar.
//   node test/grammar/tokens.mjs [--host vscode|vscode-legacy] FILE
// Uses the same grammar configuration files as `npm run test:grammar`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');
const here = dirname(fileURLToPath(import.meta.url));

const args = process.argv.slice(2);
let host = 'vscode';
const hostAt = args.indexOf('--host');
if (hostAt >= 0) [, host] = args.splice(hostAt, 2);
const file = args[0];
if (!file) {
  console.error('usage: node test/grammar/tokens.mjs [--host vscode|vscode-legacy] FILE');
  process.exit(2);
}

const config = JSON.parse(readFileSync(join(here, `grammars.${host}.json`), 'utf8'));
const byScope = new Map();
const injections = new Map();
for (const g of config.contributes.grammars) {
  byScope.set(g.scopeName, join(here, g.path));
  for (const target of g.injectTo ?? []) injections.set(target, [...(injections.get(target) ?? []), g.scopeName]);
}
const wasm = readFileSync(join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
await onig.loadWASM(wasm);
const registry = new tm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
  loadGrammar: async (scopeName) => {
    const path = byScope.get(scopeName);
    return path ? tm.parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
  },
  getInjections: (scopeName) => injections.get(scopeName),
});
const grammar = await registry.loadGrammar('source.yaml');
let stack = tm.INITIAL;
const lines = readFileSync(file, 'utf8').split(/\r?\n/);
lines.forEach((line, n) => {
  const r = grammar.tokenizeLine(line, stack);
  stack = r.ruleStack;
  console.log(`${n + 1}: ${line}`);
  for (const t of r.tokens) {
    const scopes = t.scopes.filter((s) => s !== 'source.yaml');
    console.log(`    ${String(t.startIndex).padStart(3)}-${String(t.endIndex).padEnd(3)} ${JSON.stringify(line.slice(t.startIndex, t.endIndex)).padEnd(28)} ${scopes.join(' ')}`);
  }
});
