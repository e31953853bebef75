// The README's GitHub Actions workflow and pre-commit hook, run with the very
// command lines the README shows (the `npx github:` prefix mapped to this
// checkout's build), so the documented recipes cannot drift from the CLI.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { makeWorkspace } from '../helpers/lspClient.mjs';
import { ROOT, runShell } from './run.mjs';
import { sarifValidator } from './sarifSchema.mjs';
import { core } from '../helpers/fixture.mjs';

const PREFIX = 'npx --yes github:istio-ls/istio-ls';
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's yaml block whose first line is `# <name>`. */
function block(name) {
  const text = [...README.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]).find((b) => b.startsWith(`# ${name}\n`));
  assert.ok(text, `README has no yaml block starting "# ${name}"`);
  return text;
}
const recipe = (name) => parse(block(name));

test('the example configuration file is valid and sets every setting', () => {
  const parsed = core.parseConfigFile(block('.istio-ls.yaml'));
  assert.deepEqual(parsed.findings, []);
  assert.deepEqual(Object.keys(parsed.settings).sort(), ['defaultNamespace', 'istioVersion', 'knownGatewayLabels', 'knownHosts', 'maxFileSize', 'outboundTrafficPolicy', 'registry', 'severity']);
  assert.deepEqual(parsed.exclude, ['charts/**', '**/testdata/**']);
});

test('the GitHub Actions workflow: its step writes a valid SARIF log and fails the job on errors', () => {
  const steps = recipe('.github/workflows/istio-ls.yml').jobs.check.steps;
  const check = steps.find((s) => typeof s.run === 'string' && s.run.includes(PREFIX));
  const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif'));
  assert.ok(check && upload);
  assert.equal(upload.if, 'always()', 'the findings are uploaded even when the check fails the job');
  const target = /> (\S+)$/.exec(check.run)[1];
  assert.equal(upload.with.sarif_file, target);

  const ws = makeWorkspace(join(ROOT, 'examples'));
  const r = runShell(check.run, ws, PREFIX);
  assert.equal(r.code, 1, `the examples' book typos are errors: ${r.err}`);
  const log = JSON.parse(readFileSync(join(ws, target), 'utf8'));
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors));
  assert.ok(log.runs[0].results.some((x) => x.ruleId === 'IST0106' && x.locations[0].physicalLocation.artifactLocation.uri === 'book-typos/book-typos.yaml'));

  const clean = makeWorkspace({ 'gw.yaml': 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: ["*"]\n' });
  assert.equal(runShell(check.run, clean, PREFIX).code, 0);
});

test('the pre-commit hook: staged files are checked against the whole repository', () => {
  const [hook] = recipe('.pre-commit-config.yaml').repos[0].hooks;
  const files = new RegExp(hook.files);
  const gateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: shop-gw\n  namespace: shop\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: ["shop.example.com"]\n';
  const vs = (gw) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: shop\n  namespace: shop\nspec:\n  hosts: ["shop.example.com"]\n  gateways: ["${gw}"]\n  http:\n  - route:\n    - destination:\n        host: shop\n`;
  const ws = makeWorkspace({ 'gateways/gw.yaml': gateway, 'apps/vs.yaml': vs('shop-gw'), 'apps/broken.yaml': vs('shop-gw-typo').replace('name: shop\n', 'name: shop2\n'), 'README.md': '# notes\n' });
  // pre-commit runs the entry with the staged files that match `files` appended.
  const commit = (staged) => runShell(`${hook.entry} ${staged.filter((f) => files.test(f)).join(' ')}`, ws, PREFIX);

  let r = commit(['apps/vs.yaml', 'README.md']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(r.out, '1 file checked: 0 errors, 0 warnings, 0 notes.\n', 'the Gateway in gateways/ is found; apps/broken.yaml is not reported');

  r = commit(['apps/broken.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.out, /^apps\/broken\.yaml:8:14: error IST0101: Gateway "shop-gw-typo" not found/);
});
