// Requests right after an edit, before the edit reaches the index: the editor's
// text is read, never the index's older one. A hover summarises the new text
// once and reads the same syntax trees for the field under the cursor; a
// completion remembers the trees of documents it read, keyed by their text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../../helpers/fixture.mjs';

const URI = 'file:///ws/shop/app.yaml';

const GATEWAYS = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw-a
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["a.example.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw-b
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["b.example.com"]
`;

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy:
    outlierDetection:
      baseEjectionTime: 1m
`;

const vs = (host) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: shop
spec:
  hosts: ["${host}"]
  gateways:
  - 
  http:
  - route:
    - destination:
        host: reviews
`;

test('a hover right after an edit describes the field of the new text at the cursor', () => {
  const service = core.getLanguageService();
  service.updateFile(URI, DR);
  const at = (text, needle) => text.indexOf(needle) + 2;
  assert.match(service.doHover(URI, DR, at(DR, 'baseEjectionTime')).markdown, /^\*\*baseEjectionTime\*\*/);
  // The same offset now holds another key (the index still has the old text).
  const edited = DR.replace('baseEjectionTime: 1m', 'interval: 10s');
  assert.ok(!service.isSummaryOf(URI, edited));
  assert.match(service.doHover(URI, edited, at(edited, 'interval')).markdown, /^\*\*interval\*\*/);
  // A line inserted above moves every field: the hover follows the new offsets.
  const shifted = '# owner: team-a\n' + edited;
  assert.match(service.doHover(URI, shifted, at(shifted, 'outlierDetection')).markdown, /^\*\*outlierDetection\*\*/);
  assert.match(service.doHover(URI, shifted, at(shifted, 'interval')).markdown, /^\*\*interval\*\*/);
  // The edit reaching the index changes nothing in the answers.
  service.updateFile(URI, shifted);
  assert.match(service.doHover(URI, shifted, at(shifted, 'interval')).markdown, /^\*\*interval\*\*/);
});

test('a completion right after an edit reads the other values of the new text (the hosts that rank the Gateways)', () => {
  const service = core.getLanguageService();
  service.updateFile('file:///ws/shop/gateways.yaml', GATEWAYS);
  const complete = (text) => {
    const offset = text.indexOf('  - \n') + 4;
    return service.doComplete(URI, text, offset).items.filter((i) => i.label.startsWith('gw-'));
  };
  const first = vs('a.example.com');
  service.updateFile(URI, first);
  assert.deepEqual(complete(first).map((i) => i.label), ['gw-a', 'gw-b'], 'the Gateway exposing the host comes first');
  // Edited, not yet in the index: the new host ranks the other Gateway first.
  const edited = vs('b.example.com');
  assert.deepEqual(complete(edited).map((i) => i.label), ['gw-b', 'gw-a']);
  // Back to the first text (its tree was read before): the first order again.
  assert.deepEqual(complete(first).map((i) => i.label), ['gw-a', 'gw-b']);
  // Documentation is written when read, and says which Gateway it is.
  assert.match(complete(edited)[0].documentation, /gw-b/);
});

const APP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {team: web}
data:
  mode: fast
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  selector:
    matchLabels: {app: reviews}
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/web"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  gateways: [shop/public]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  trafficPolicy:
    outlierDetection:
      consecutiveErrors: 3
  subsets:
  - name: v1
    labels: {version: v1}
`;

const OTHERS = {
  'file:///ws/shop/workloads.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: reviews, version: v1}
    spec:
      serviceAccountName: web
      containers:
      - name: reviews
        image: reviews
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop/*"]
`,
};

function serviceWith(text, { textless = false } = {}) {
  const service = core.getLanguageService();
  for (const [uri, t] of Object.entries(OTHERS)) service.updateFile(uri, t);
  service.updateFile(URI, text);
  // A summary made elsewhere (a worker, the persisted cache) does not say which text it came from.
  if (textless) service.applyChange({ files: [{ uri: URI, summary: JSON.parse(JSON.stringify(service.getSummary(URI))) }] });
  service.diagnostics();
  return service;
}

// The oracle is the same request answered by summarising the new text, as for any text the index
// does not hold (its summary came without its text): the answers must be equal at every offset.
test('a hover right after an edit in another document of the file answers as from a summary of the new text, at every offset', () => {
  const edits = [
    ['a comment on line 1 (the benchmark’s edit)', (t) => t.replace('apiVersion: v1\n', 'apiVersion: v1 # edited\n')],
    ['a longer label in the first document', (t) => t.replace('{team: web}', '{team: web-frontend, tier: edge}')],
    ['a line removed from the last document', (t) => t.replace('    labels: {version: v1}\n', '')],
    ['a new document above the others', (t) => t.replace('data:\n  mode: fast\n', 'data:\n  mode: fast\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: more, namespace: shop}\n')],
    ['an edit inside the VirtualService', (t) => t.replace('subset: v1', 'subset: v2')],
  ];
  for (const [what, edit] of edits) {
    const after = edit(APP);
    assert.notEqual(after, APP, what);
    const lagging = serviceWith(APP);
    const summarising = serviceWith(APP, { textless: true });
    let answered = 0;
    for (let offset = 0; offset <= after.length; offset += 3) {
      const expected = summarising.doHover(URI, after, offset);
      assert.deepEqual(lagging.doHover(URI, after, offset), expected, `${what}: offset ${offset}`);
      if (expected) answered++;
    }
    assert.ok(answered > 100, `${what}: ${answered} hovers`);
  }
});

test('a hover after an edit in another document reads the summary the index holds: nothing is summarised', () => {
  const service = serviceWith(APP);
  const after = APP.replace('apiVersion: v1\n', 'apiVersion: v1 # edited\n');
  const before = service.counters.filesSummarized;
  const at = (needle) => after.indexOf(needle) + 2;
  assert.match(service.doHover(URI, after, at('consecutiveErrors')).markdown, /consecutiveErrors/);
  assert.match(service.doHover(URI, after, at('allow-web')).markdown, /applies to/);
  assert.equal(service.counters.filesSummarized, before);
  // In the edited document itself the new text is summarised.
  service.doHover(URI, after, at('mode: fast'));
  assert.equal(service.counters.filesSummarized, before + 1);
});

// The warm-up after a scan asks for completions and hovers on a sample that is not in the workspace:
// it must change no answer, no finding and no count of the workspace's work, and leave no file behind.
test('the warm-up of completion and hover changes no answer, finding or work counter', () => {
  const service = serviceWith(APP);
  const answers = () => {
    const out = [];
    for (let offset = 0; offset <= APP.length; offset += 7) {
      out.push(JSON.stringify(service.doComplete(URI, APP, offset).items.map(({ label, insertText, sortText, span, detail, documentation }) => ({ label, insertText, sortText, span, detail, documentation }))));
      out.push(JSON.stringify(service.doHover(URI, APP, offset) ?? null));
    }
    return out;
  };
  const before = answers();
  const findings = JSON.stringify([...service.diagnostics()]);
  const counters = { ...service.counters };
  const uris = service.uris().sort();
  service.warmUp();
  assert.deepEqual(service.counters, counters);
  assert.deepEqual(service.uris().sort(), uris);
  assert.equal(JSON.stringify([...service.diagnostics()]), findings);
  assert.deepEqual(answers(), before);
});
