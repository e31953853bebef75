// The analysis in steps (the server runs it in pieces and handles requests in
// between): whatever change comes between two steps, the findings at the end
// equal an analysis from scratch of the files as they are then, and a
// result of an update that a change overtook is never returned as current.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../helpers/fixture.mjs';
import { generate } from '../../bench/generate.mjs';

const WS = 'file:///ws/';
const { files, manifest } = generate('small');
const rename = manifest.probes.gatewayRenames.find((p) => p.dependents.length >= 2);
const gatewayUri = WS + rename.file;
const edit = manifest.probes.vsEdits[0];
const vsUri = WS + edit.file;

function load() {
  const service = core.getLanguageService();
  const texts = new Map();
  for (const [path, text] of files) texts.set(WS + path, text);
  service.applyChange({ files: [...texts].map(([uri, text]) => ({ uri, text })) });
  service.diagnostics();
  return { service, texts };
}

/** Findings as comparable text: uri, span, code, severity, message, related. */
function render(map) {
  const out = [];
  for (const [uri, list] of map) for (const f of list) out.push(`${uri.slice(WS.length)} ${f.span.start}-${f.span.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  return out.sort();
}

/** Steps until done; returns how many steps it took. */
function finish(service) {
  for (let n = 1; ; n++) if (service.analysisStep()) return n;
}

const renamed = (texts) => texts.get(gatewayUri).replace(`name: ${rename.from}`, `name: ${rename.to}`);
const broken = (texts) => texts.get(vsUri).replace('subset: v1', 'subset: v9');

test('a Gateway rename analysed in steps takes several, and ends as the one-call analysis does', () => {
  const stepped = load();
  stepped.service.updateFile(gatewayUri, renamed(stepped.texts));
  const steps = finish(stepped.service);
  assert.ok(steps > 3, `${steps} steps`);
  const whole = load();
  whole.service.updateFile(gatewayUri, renamed(whole.texts));
  assert.deepStrictEqual(render(stepped.service.analysisStep()), render(whole.service.diagnostics()));
  for (const dep of rename.dependents) assert.deepStrictEqual((stepped.service.diagnostics().get(WS + dep) ?? []).map((f) => f.code), ['IST0101'], dep);
});

test('a change between any two steps: the overtaken result is not returned, and the end equals an analysis from scratch', () => {
  const { service, texts } = load();
  service.updateFile(gatewayUri, renamed(texts));
  const total = finish(service);
  service.updateFile(gatewayUri, texts.get(gatewayUri));
  service.diagnostics();
  for (let cut = 1; cut < total; cut++) {
    service.updateFile(gatewayUri, renamed(texts));
    for (let i = 0; i < cut; i++) assert.equal(service.analysisStep(), undefined, `step ${i + 1} of ${total} is not the end`);
    // Another file changes, and the rename is undone, while the rename's update is under way.
    service.updateFile(vsUri, broken(texts));
    service.updateFile(gatewayUri, texts.get(gatewayUri));
    let result;
    for (let guard = 0; !(result = service.analysisStep()); guard++) assert.ok(guard < 100000);
    assert.deepStrictEqual(render(result), render(service.analyzeFully()), `cut after ${cut} steps`);
    const vsCodes = result.get(vsUri).map((f) => f.code);
    assert.ok(vsCodes.includes('IST0101'), `the broken subset is reported (cut ${cut})`);
    for (const dep of rename.dependents) assert.deepStrictEqual(result.get(WS + dep) ?? [], [], `${dep} binds the Gateway again (cut ${cut})`);
    service.updateFile(vsUri, texts.get(vsUri));
    service.diagnostics();
  }
});

test('a synchronous caller in the middle of a stepped update (a code action) gets current findings, and the steps then report them', () => {
  const { service, texts } = load();
  service.updateFile(gatewayUri, renamed(texts));
  service.analysisStep();
  service.analysisStep();
  const now = service.diagnostics();
  assert.deepStrictEqual(render(now), render(service.analyzeFully()));
  assert.equal(service.analysisStep(), now, 'nothing left to do');
});
