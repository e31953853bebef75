// A snapshot copies its file map and tables in time proportional to the
// change (index/forkableMap.ts), yet must read and iterate exactly as if each
// were a fresh Map: same files, same order (a file removed and added again goes
// last), same tables, and the incremental findings equal a fresh analysis.
// Hundreds of random edits, removals and re-additions run past the point where
// the changes are folded into a new base. The files whose findings changed
// between two analyses (what the publisher sends) are found exactly.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../helpers/fixture.mjs';

const WS = 'file:///ws/';

function gateway(ns, name, host) {
  return `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["${host}"]\n`;
}

function virtualService(ns, name, gw, host, subset) {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  hosts: ["${host}"]\n  gateways: [${gw}]\n  http:\n  - route:\n    - destination:\n        host: svc.${ns}.svc.cluster.local\n        subset: ${subset}\n`;
}

function fileText(i, variant) {
  const ns = `ns${i % 7}`;
  if (i % 3 === 0) return gateway(ns, `gw${i % 5}`, `h${variant % 4}.example.com`);
  return virtualService(ns, `vs${i}`, `gw${variant % 5}`, `h${variant % 4}.example.com`, `v${variant % 2}`);
}

/** A tiny deterministic random source. */
function random(seed) {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

test('snapshot files and tables read and iterate like Maps through hundreds of changes', () => {
  const service = core.getLanguageService();
  // The snapshot as a plain Map would hold it: the files changed since the last
  // snapshot are applied in the order they were first changed, each set (in place
  // when present, else last) or deleted.
  const model = new Map();
  const dirty = new Map();
  const snapshot = () => {
    for (const [uri, text] of dirty) {
      if (text === undefined) model.delete(uri);
      else model.set(uri, text);
    }
    dirty.clear();
    return service.snapshot();
  };
  const change = (uri, text) => {
    // Only the first change since the snapshot places it (a Map's set keeps the place).
    dirty.set(uri, text);
  };
  const rnd = random(7);
  for (let i = 0; i < 120; i++) {
    change(`${WS}f${i}.yaml`, fileText(i, 0));
    service.updateFile(`${WS}f${i}.yaml`, fileText(i, 0));
  }
  snapshot();
  let published = service.diagnostics();
  for (let step = 0; step < 400; step++) {
    const i = rnd(140);
    const uri = `${WS}f${i}.yaml`;
    const op = rnd(4);
    const present = dirty.has(uri) ? dirty.get(uri) !== undefined : model.has(uri);
    if (op === 0 && present) {
      change(uri, undefined);
      service.removeFile(uri);
    } else {
      const text = fileText(i, rnd(10));
      change(uri, text);
      service.updateFile(uri, text);
    }
    if (step % 9 === 0 || step === 399) {
      const snap = snapshot();
      assert.deepEqual([...snap.files.keys()], [...model.keys()], `file order after step ${step}`);
      assert.equal(snap.files.size, model.size);
      for (const [u] of model) assert.ok(snap.files.has(u) && snap.files.get(u).uri === u);
      assert.equal(snap.files.get(`${WS}nowhere.yaml`), undefined);
      const gateways = [...snap.gateways.keys()].sort();
      const expected = [...new Set([...model].flatMap(([, t]) => (/kind: Gateway/.test(t) ? [`${/namespace: (\S+)/.exec(t)[1]}/${/name: (\S+)/.exec(t)[1]}`] : [])))].sort();
      assert.deepEqual(gateways, expected, `gateway table after step ${step}`);
      const render = (map) => [...map].flatMap(([u, list]) => list.map((f) => `${u} ${f.span.start} ${f.code} ${f.message}`)).sort();
      assert.deepEqual(render(service.diagnostics()), render(service.analyzeFully()), `incremental ≠ from scratch after step ${step}`);
      assert.deepEqual([...service.diagnostics().keys()].sort(), [...model.keys()].sort());
      // What the publisher sends after an analysis: exactly the files whose findings changed since the last one it published.
      const now = service.diagnostics();
      const differ = [...new Set([...now.keys(), ...published.keys()])].filter((u) => now.get(u) !== published.get(u));
      assert.deepEqual(core.changedKeys(now, published).sort(), differ.sort(), `changed files after step ${step}`);
      published = now;
    }
  }
});
