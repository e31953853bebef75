// Code lenses: Gateway "bound by N VirtualServices: <their names>", VirtualService "binds to
// <gateways>", DestinationRule subset "used by N routes", each with the
// locations a click shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, renderLocations } from '../../helpers/authoring.mjs';
import { NAV } from '../../helpers/navigationWorkspace.mjs';

const fx = load(NAV);
function lenses(path) {
  const f = fx.files.find((x) => x.path === path);
  return fx.service.findCodeLenses(f.uri, f.text).map((l) => ({ at: renderLocations(fx, [{ uri: f.uri, span: l.span }])[0], title: l.title, shows: renderLocations(fx, l.locations) }));
}

test('Gateway: the VirtualServices bound to it, by name; a listing that does not bind is not counted', () => {
  // baz/legacy lists foo/web but its host is exposed only to namespace foo.
  assert.deepEqual(lenses('/foo/gateway.yaml'), [
    { at: '/foo/gateway.yaml:3:8 web', title: 'bound by 2 VirtualServices: shop, bar/bar', shows: ['/bar/vs.yaml:7:18 web', '/foo/vs.yaml:7:13 web'] },
  ]);
  assert.deepEqual(lenses('/bar/gateway.yaml'), [{ at: '/bar/gateway.yaml:3:8 web', title: 'bound by 1 VirtualService: bar', shows: ['/bar/vs.yaml:7:24 web'] }]);
});

test('VirtualService: the gateways it binds to, mesh when it lists none, and the ones it does not bind to', () => {
  assert.deepEqual(lenses('/foo/vs.yaml'), [
    { at: '/foo/vs.yaml:3:8 shop', title: 'binds to web, mesh', shows: ['/foo/gateway.yaml:3:8 web'] },
    { at: '/foo/vs.yaml:19:8 reviews', title: 'binds to mesh', shows: [] },
  ]);
  assert.deepEqual(lenses('/bar/vs.yaml'), [{ at: '/bar/vs.yaml:3:8 bar', title: 'binds to foo/web, web', shows: ['/bar/gateway.yaml:3:8 web', '/foo/gateway.yaml:3:8 web'] }]);
  assert.deepEqual(lenses('/baz/vs.yaml'), [{ at: '/baz/vs.yaml:3:8 legacy', title: 'binds to no gateway; not bound: web.foo.svc.cluster.local', shows: [] }]);
});

test('DestinationRule subsets: the routes using each', () => {
  assert.deepEqual(lenses('/foo/reviews.yaml'), [
    { at: '/foo/reviews.yaml:18:10 v1', title: 'used by 3 routes', shows: ['/bar/vs.yaml:12:16 v1', '/foo/vs.yaml:12:44 v1', '/foo/vs.yaml:25:44 v1'] },
    { at: '/foo/reviews.yaml:20:10 "v2"', title: 'used by 2 routes', shows: ['/baz/vs.yaml:10:66 v2', '/foo/vs.yaml:14:45 v2'] },
  ]);
  const lonely = load(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: r, namespace: foo }\nspec:\n  host: r\n  subsets:\n  - name: v9\n    labels: { version: v9 }\n`);
  const f = lonely.files[0];
  assert.deepEqual(lonely.service.findCodeLenses(f.uri, f.text).map((l) => l.title), ['used by no route']);
});
