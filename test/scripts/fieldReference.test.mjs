// docs/fields/ is generated from the same field documentation that hover and
// completion show: the committed pages must equal what the script writes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = new URL('../../scripts/field-reference.mjs', import.meta.url).pathname;
const run = (...args) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });

test('docs/fields is up to date with the field documentation', () => {
  const r = run('--check');
  assert.equal(r.status, 0, r.stderr);
});

test('the check fails on missing pages, and the pages hold the hover facts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fields-'));
  assert.equal(run('--check', '--out', dir).status, 1);
  assert.equal(run('--out', dir).status, 0);
  const dr = readFileSync(join(dir, 'networking.istio.io-DestinationRule.md'), 'utf8');
  assert.match(dr, /## `trafficPolicy\.outlierDetection\.baseEjectionTime`\n\n[^\n]+\n\n- Default: `30s`\n- Format: a duration/);
  assert.match(dr, /Reference: https:\/\/istio\.io\/latest\/docs\/reference\/config\/networking\/destination-rule\/#OutlierDetection-base_ejection_time/);
  const route = readFileSync(join(dir, 'gateway.networking.k8s.io-HTTPRoute.md'), 'utf8');
  assert.match(route, /- `PathPrefix`: /);
});
