// The first snapshot of a workspace is built in one pass (Snapshot.filled:
// every table list appended in workspace order, no changed entries recorded);
// later ones swap files in and out. Both must give the same tables and the
// same findings, also when the engine goes on incrementally from a snapshot
// built in one pass, and when a workspace is emptied and filled again.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../helpers/fixture.mjs';
import { generate } from '../../bench/generate.mjs';

const WS = 'file:///ws/';
const { files } = generate('medium');
const entries = [...files].map(([path, text]) => [WS + path, text]);

function render(map) {
  const out = [];
  for (const [uri, list] of map) for (const f of list) out.push(`${uri} ${f.span.start}-${f.span.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  return out.sort();
}

const at = (r) => `${r.uri}#${r.docIndex}/${r.namespace}/${r.name}`;

/** The snapshot's tables as the analyzers read them, in their order. */
function tables(snap) {
  const kinds = [...new Set(snap.resources.map((r) => r.data.kind))].sort();
  const keyed = (m) => [...m].map(([k, list]) => `${k}: ${list.map(at).join(' ')}`).sort();
  return {
    kinds: kinds.map((k) => `${k}: ${snap.resourcesOfKind(k).map(at).join(' ')}`),
    gateways: keyed(snap.gateways),
    services: keyed(snap.services),
    destinationRules: keyed(snap.destinationRulesByHost()),
    namespaces: [...snap.namespaces].sort().map((ns) => `${ns}: ${snap.resourcesInNamespace(ns).map(at).join(' ')}`),
    workloads: snap.workloads.map((w) => at(w.resource)),
    meshVirtualServices: snap.meshVirtualServices.map(at),
  };
}

function addInBatches(service, batches, analyse) {
  const size = Math.ceil(entries.length / batches);
  for (let i = 0; i < entries.length; i += size) {
    for (const [uri, text] of entries.slice(i, i + size)) service.updateFile(uri, text);
    service.snapshot();
    if (analyse) service.diagnostics();
  }
}

const atOnce = core.getLanguageService();
addInBatches(atOnce, 1, false);

test('the workspace has kustomize placement and every table the comparison reads', () => {
  const t = tables(atOnce.snapshot());
  assert.ok(entries.length > 500, `${entries.length} files`);
  for (const [name, rows] of Object.entries(t)) assert.ok(rows.length > 0, name);
  assert.ok(atOnce.snapshot().resources.some((r) => r.builds), 'resources placed by a kustomization');
});

test('tables built in one pass equal tables built file batch by file batch', () => {
  const inSteps = core.getLanguageService();
  addInBatches(inSteps, 12, false);
  assert.deepStrictEqual(tables(inSteps.snapshot()), tables(atOnce.snapshot()));
  assert.deepStrictEqual(render(inSteps.diagnostics()), render(atOnce.diagnostics()));
});

test('an analysis that starts from a snapshot built in one pass and goes on incrementally equals a fresh one', () => {
  const inSteps = core.getLanguageService();
  addInBatches(inSteps, 7, true);
  assert.deepStrictEqual(render(inSteps.diagnostics()), render(atOnce.diagnostics()));
  assert.deepStrictEqual(render(inSteps.diagnostics()), render(inSteps.analyzeFully()));
});

test('a workspace emptied and filled again is analysed as a fresh one', () => {
  const service = core.getLanguageService();
  addInBatches(service, 1, true);
  for (const [uri] of entries) service.removeFile(uri);
  assert.equal(service.diagnostics().size, 0);
  const half = entries.filter((_, i) => i % 2 === 0);
  for (const [uri, text] of half) service.updateFile(uri, text);
  assert.deepStrictEqual(render(service.diagnostics()), render(service.analyzeFully()));
  assert.ok(render(service.diagnostics()).length > 0);
});
