// Go to definition and find references across files and namespaces. Results
// are rendered as `path:line:col text` and compared whole.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, cursorAt, renderLocations } from '../../helpers/authoring.mjs';
import { NAV } from '../../helpers/navigationWorkspace.mjs';

const fx = load(NAV);
/** The file at `path` and the offset of the `$0` in `marked` (a piece of its text). */
function at(path, marked) {
  const f = fx.files.find((x) => x.path === path);
  return [f.uri, f.text, cursorAt(f, marked)];
}
const definition = (...q) => renderLocations(fx, fx.service.findDefinition(...at(...q)));
const references = (q, includeDeclaration = true) => renderLocations(fx, fx.service.findReferences(...at(...q), includeDeclaration));

const FOO_WEB = ['/foo/gateway.yaml:3:8 web'];
const FOO_WEB_REFS = ['/bar/vs.yaml:7:18 web', '/baz/vs.yaml:7:13 web', '/foo/gateway.yaml:3:8 web', '/foo/vs.yaml:7:13 web', '/foo/vs.yaml:10:17 web'];

test('definition of a gateway reference in each form, and of the same name in another namespace', () => {
  assert.deepEqual(definition('/foo/vs.yaml', 'gateways: [w$0eb'), FOO_WEB);
  assert.deepEqual(definition('/foo/vs.yaml', '- gateways: [w$0eb'), FOO_WEB); // match[].gateways
  assert.deepEqual(definition('/bar/vs.yaml', 'gateways: ["foo/w$0eb'), FOO_WEB);
  assert.deepEqual(definition('/baz/vs.yaml', 'gateways: [w$0eb.foo'), FOO_WEB);
  assert.deepEqual(definition('/bar/vs.yaml', 'gateways: ["foo/web", w$0eb]'), ['/bar/gateway.yaml:3:8 web']);
  assert.deepEqual(definition('/foo/vs.yaml', 'gateways: [web, m$0esh'), []);
});

test('definition of a host: the Service, the ServiceEntry host; from a DestinationRule host too', () => {
  assert.deepEqual(definition('/foo/vs.yaml', 'destination: { host: r$0eviews'), ['/foo/reviews.yaml:3:8 reviews']);
  assert.deepEqual(definition('/foo/reviews.yaml', 'host: r$0eviews'), ['/foo/reviews.yaml:3:8 reviews']);
  assert.deepEqual(definition('/bar/vs.yaml', 'host: a$0pi.partner'), ['/bar/vs.yaml:22:10 api.partner.com']);
  assert.deepEqual(definition('/foo/vs.yaml', 'hosts: [s$0hop.example'), []);
});

test('definition of a subset: the entry in the DestinationRule (another file, another namespace)', () => {
  assert.deepEqual(definition('/foo/vs.yaml', 'destination: { host: reviews, subset: v$01'), ['/foo/reviews.yaml:18:10 v1']);
  assert.deepEqual(definition('/bar/vs.yaml', 'subset: v$01'), ['/foo/reviews.yaml:18:10 v1']);
  assert.deepEqual(definition('/baz/vs.yaml', 'destination: { host: reviews.foo.svc.cluster.local, subset: v$02'), ['/foo/reviews.yaml:20:11 v2']);
});

test('references of a Gateway: from its name or any reference, never the same name in another namespace', () => {
  assert.deepEqual(references(['/foo/gateway.yaml', 'name: w$0eb']), FOO_WEB_REFS);
  assert.deepEqual(references(['/bar/vs.yaml', 'gateways: ["foo/w$0eb']), FOO_WEB_REFS);
  assert.deepEqual(references(['/bar/gateway.yaml', 'name: w$0eb']), ['/bar/gateway.yaml:3:8 web', '/bar/vs.yaml:7:24 web']);
  assert.deepEqual(references(['/foo/gateway.yaml', 'name: w$0eb'], false), FOO_WEB_REFS.filter((r) => !r.startsWith('/foo/gateway.yaml')));
});

test('references of a host: Service, DestinationRule, claims and routes, short or fully qualified', () => {
  const all = [
    '/bar/vs.yaml:11:14 reviews.foo.svc.cluster.local',
    '/baz/vs.yaml:10:27 reviews.foo.svc.cluster.local',
    '/foo/reviews.yaml:3:8 reviews',
    '/foo/reviews.yaml:16:8 reviews.foo.svc.cluster.local',
    '/foo/vs.yaml:12:27 reviews',
    '/foo/vs.yaml:14:27 reviews',
    '/foo/vs.yaml:22:10 reviews',
    '/foo/vs.yaml:25:27 reviews',
  ];
  assert.deepEqual(references(['/foo/vs.yaml', 'destination: { host: r$0eviews']), all);
  assert.deepEqual(references(['/foo/reviews.yaml', 'name: r$0eviews']), all);
  assert.deepEqual(references(['/foo/vs.yaml', 'destination: { host: r$0eviews'], false), all.filter((r) => r !== '/foo/reviews.yaml:3:8 reviews'));
  // A host exposed by a Gateway server (`ns/host`) is one of its places.
  assert.deepEqual(references(['/foo/vs.yaml', 'hosts: [s$0hop.example']), ['/baz/vs.yaml:6:10 shop.example.com', '/foo/gateway.yaml:10:17 shop.example.com', '/foo/vs.yaml:6:10 shop.example.com']);
});

test('references of a subset: its entry and every route using it, across namespaces', () => {
  const v1 = ['/bar/vs.yaml:12:16 v1', '/foo/reviews.yaml:18:10 v1', '/foo/vs.yaml:12:44 v1', '/foo/vs.yaml:25:44 v1'];
  assert.deepEqual(references(['/foo/reviews.yaml', 'name: v$01']), v1);
  assert.deepEqual(references(['/bar/vs.yaml', 'subset: v$01']), v1);
  assert.deepEqual(references(['/foo/vs.yaml', 'destination: { host: reviews, subset: "v$02"']), ['/baz/vs.yaml:10:66 v2', '/foo/reviews.yaml:20:11 v2', '/foo/vs.yaml:14:45 v2']);
});

test('nothing at a position that is no reference', () => {
  assert.deepEqual(definition('/foo/vs.yaml', 'h$0ttp:'), []);
  assert.deepEqual(references(['/foo/vs.yaml', 'h$0ttp:']), []);
});
