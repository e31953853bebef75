// `--format sarif`: valid against the SARIF 2.1.0 JSON schema (the OASIS
// 2.1.0 schema as Microsoft's SARIF SDK ships it), one rule per code with its
// help link and default level, and results with the same regions as the JSON
// format plus related locations, so GitHub code scanning can show them inline.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { makeWorkspace } from '../helpers/lspClient.mjs';
import { run, ROOT } from './run.mjs';
import { sarifValidator } from './sarifSchema.mjs';

const require = createRequire(import.meta.url);
const { catalog, codeUrl } = require('../../dist/core.js');
const validator = sarifValidator;

test('the schema rejects what is not SARIF 2.1.0 (the validator is not a rubber stamp)', () => {
  const validate = validator();
  assert.equal(validate({ version: '2.1.0', runs: [] }), true);
  assert.equal(validate({ version: '2.0.0', runs: [] }), false);
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
});

test('sarif output on the examples validates and matches the JSON format finding for finding', () => {
  const ws = makeWorkspace(join(ROOT, 'examples'));
  const r = run(['check', '.', '--format', 'sarif'], ws);
  assert.equal(r.code, 1, r.err);
  const log = JSON.parse(r.out);
  const validate = validator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  const [run0] = log.runs;
  const rules = run0.tool.driver.rules;
  assert.deepEqual(rules.map((x) => x.id), Object.keys(catalog).sort());
  assert.equal(rules.find((x) => x.id === 'IST0101').name, 'ReferencedResourceNotFound');
  const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
  for (const rule of rules) {
    assert.equal(rule.helpUri, codeUrl(rule.id));
    assert.equal(rule.shortDescription.text, catalog[rule.id].title);
    assert.equal(rule.defaultConfiguration.level, level[catalog[rule.id].severity]);
  }
  assert.equal(rules.find((x) => x.id === 'IST0101').helpUri, 'https://istio.io/latest/docs/reference/config/analysis/ist0101/');

  const json = JSON.parse(run(['check', '.', '--format', 'json'], ws).out);
  assert.equal(run0.results.length, json.length);
  run0.results.forEach((res, i) => {
    const row = json[i];
    assert.equal(res.ruleId, row.code);
    assert.equal(rules[res.ruleIndex].id, row.code);
    assert.equal(res.level, level[row.severity]);
    assert.equal(res.message.text, row.message);
    const loc = res.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: row.file, uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, { startLine: row.line, startColumn: row.column, endLine: row.endLine, endColumn: row.endColumn });
    if (row.resource) assert.deepEqual(res.locations[0].logicalLocations, [{ fullyQualifiedName: row.resource, kind: 'resource' }]);
  });

  // IST0132 points at the Gateway that does not expose the host, in another file, and at the VirtualService's hosts.
  const ist0132 = run0.results.find((x) => x.ruleId === 'IST0132');
  assert.deepEqual(ist0132.relatedLocations, [
    {
      id: 1,
      physicalLocation: { artifactLocation: { uri: 'bookinfo-gateways/gateways.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 20, startColumn: 5, endLine: 26, endColumn: 1 } },
      message: { text: 'Gateway foo/foo-gateway exposes foo.com' },
    },
    {
      id: 2,
      physicalLocation: { artifactLocation: { uri: 'book-typos/book-typos.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 176, startColumn: 3, endLine: 176, endColumn: 8 } },
      message: { text: 'VirtualService foo/foo-internal has hosts foo.super.secret.internal.name' },
    },
  ]);
  assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, `file://${ws}/`);
});

test('a clean workspace is a valid log with no results', () => {
  const ws = makeWorkspace({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' });
  const r = run(['check', '.', '--format=sarif'], ws);
  assert.equal(r.code, 0);
  const log = JSON.parse(r.out);
  assert.ok(validator()(log));
  assert.deepEqual(log.runs[0].results, []);
});
