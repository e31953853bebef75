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
