// Hover on references: a gateway name shows the Gateway, a host what defines
// it and who claims it, a subset its labels and DestinationRule; elsewhere
// the field hover answers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, cursorAt } from '../../helpers/authoring.mjs';
import { NAV } from '../../helpers/navigationWorkspace.mjs';

const fx = load(NAV);
/** Hover at the `$0` in `marked`, a piece of the text of the file at `path`. */
function hover(path, marked) {
  const f = fx.files.find((x) => x.path === path);
  const h = fx.service.doHover(f.uri, f.text, cursorAt(f, marked));
  return h && { markdown: h.markdown, text: h.span && f.text.slice(h.span.start, h.span.end) };
}

const FOO_WEB = '**Gateway** `foo/web` — [gateway.yaml:4](file:///ws/foo/gateway.yaml#L4)\n\nselector: `istio=ingressgateway`\n- 80/HTTP: `foo/shop.example.com`, `bar/bar.example.com`';

test('gateway reference by name, as ns/name, in match[].gateways and in the legacy form', () => {
  assert.deepEqual(hover('/foo/vs.yaml', 'gateways: [w$0eb'), { markdown: FOO_WEB, text: 'web' });
  assert.deepEqual(hover('/foo/vs.yaml', '- gateways: [w$0eb'), { markdown: FOO_WEB, text: 'web' });
  assert.deepEqual(hover('/bar/vs.yaml', 'gateways: ["fo$0o/web'), { markdown: FOO_WEB, text: '"foo/web"' });
  assert.deepEqual(hover('/baz/vs.yaml', 'gateways: [w$0eb.foo'), { markdown: FOO_WEB, text: 'web.foo.svc.cluster.local' });
});

test('the same name in another namespace is that namespace’s Gateway', () => {
  assert.deepEqual(hover('/bar/vs.yaml', 'gateways: ["foo/web", w$0eb]'), {
    markdown: '**Gateway** `bar/web` — [gateway.yaml:4](file:///ws/bar/gateway.yaml#L4)\n\nselector: `istio=ingressgateway`\n- 8080/HTTP: `*`',
    text: 'web',
  });
});

test('mesh and a missing gateway', () => {
  assert.equal(hover('/foo/vs.yaml', 'gateways: [web, m$0esh').markdown, '**Gateway** `mesh` — the reserved name for the sidecars of every workload in the mesh. A VirtualService without `gateways` applies to `mesh` only.');
  const broken = load(`${NAV}\n#- /qux/vs.yaml\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: q, namespace: qux }\nspec:\n  hosts: [q.example.com]\n  gateways: [nowhere]\n`);
  const f = broken.files.find((x) => x.path === '/qux/vs.yaml');
  assert.equal(broken.service.doHover(f.uri, f.text, cursorAt(f, 'gateways: [n$0owhere')).markdown, '**Gateway** `qux/nowhere` — not found in the workspace.');
});

test('host of a route: the Service and its ports, and the VirtualServices claiming it', () => {
  const expected =
    '**Host** `reviews.foo.svc.cluster.local`\n\n- Service `foo/reviews` — [reviews.yaml:4](file:///ws/foo/reviews.yaml#L4): ports 9080 (http)\n\nClaimed by VirtualService `foo/reviews` ([vs.yaml:20](file:///ws/foo/vs.yaml#L20))';
  assert.deepEqual(hover('/foo/vs.yaml', 'destination: { host: r$0eviews'), { markdown: expected, text: 'reviews' });
  // The same host, fully qualified, in a DestinationRule.
  assert.equal(hover('/foo/reviews.yaml', 'host: r$0eviews').markdown, expected);
});

test('host of a ServiceEntry: location, resolution and ports', () => {
  assert.equal(
    hover('/bar/vs.yaml', 'host: a$0pi.partner').markdown,
    '**Host** `api.partner.com`\n\n- ServiceEntry `bar/partner` — [vs.yaml:20](file:///ws/bar/vs.yaml#L20): MESH_EXTERNAL, DNS; ports 443 (tls/TLS)',
  );
});

test('a host nothing defines says so, and lists its claims', () => {
  assert.equal(
    hover('/foo/vs.yaml', 'hosts: [s$0hop.example').markdown,
    '**Host** `shop.example.com`\n\n- not defined by any Service or ServiceEntry visible from namespace `foo`\n\nClaimed by VirtualService `foo/shop` ([vs.yaml:4](file:///ws/foo/vs.yaml#L4)), `baz/legacy` ([vs.yaml:4](file:///ws/baz/vs.yaml#L4))' +
      '\n\nExposed by\n- Gateway `foo/web` 80/HTTP — [gateway.yaml:4](file:///ws/foo/gateway.yaml#L4)',
  );
});

test('a gateway-bound VirtualService host: the servers of its Gateways that expose it, each Gateway its own line', () => {
  assert.match(
    hover('/bar/vs.yaml', 'hosts: [b$0ar.example').markdown,
    /\n\nExposed by\n- Gateway `foo\/web` 80\/HTTP — \[gateway\.yaml:4\]\(file:\/\/\/ws\/foo\/gateway\.yaml#L4\)\n- Gateway `bar\/web` 8080\/HTTP — \[gateway\.yaml:4\]\(file:\/\/\/ws\/bar\/gateway\.yaml#L4\)$/,
  );
  // A mesh-only VirtualService has no gateway to name.
  assert.doesNotMatch(hover('/foo/vs.yaml', 'hosts: [r$0eviews]').markdown, /Exposed by/);
});

test('a Gateway server host: only the VirtualServices bound to that Gateway that claim it, for the namespace it names', () => {
  // baz/legacy claims shop.example.com on this Gateway too, but the server exposes it to namespace foo only.
  assert.deepEqual(hover('/foo/gateway.yaml', '"foo/s$0hop.example.com"'), {
    markdown: '**Host** `foo/shop.example.com` on Gateway `foo/web`\n\nRouted by VirtualService `foo/shop` ([vs.yaml:4](file:///ws/foo/vs.yaml#L4))',
    text: '"foo/shop.example.com"',
  });
  assert.equal(hover('/foo/gateway.yaml', '"bar/b$0ar.example.com"').markdown, '**Host** `bar/bar.example.com` on Gateway `foo/web`\n\nRouted by VirtualService `bar/bar` ([vs.yaml:4](file:///ws/bar/vs.yaml#L4))');
  const lonely = load(NAV.replace('hosts: ["foo/shop.example.com", "bar/bar.example.com"]', 'hosts: ["foo/shop.example.com", "bar/bar.example.com", "foo/nobody.example.com"]'));
  const f = lonely.files.find((x) => x.path === '/foo/gateway.yaml');
  assert.equal(
    lonely.service.doHover(f.uri, f.text, cursorAt(f, '"foo/n$0obody')).markdown,
    '**Host** `foo/nobody.example.com` on Gateway `foo/web`\n\nNo VirtualService bound to this Gateway claims it: the gateway has no route for it.',
  );
});

test('subset: its labels and its DestinationRule, quoted or not', () => {
  const v2 = '**Subset** `v2` of `reviews.foo.svc.cluster.local`\n\n- subset `v2` of DestinationRule `foo/reviews` — [reviews.yaml:21](file:///ws/foo/reviews.yaml#L21): labels `version=v2`';
  assert.deepEqual(hover('/foo/vs.yaml', 'destination: { host: reviews, subset: "v$02"'), { markdown: v2, text: '"v2"' });
  assert.equal(hover('/baz/vs.yaml', 'destination: { host: reviews.foo.svc.cluster.local, subset: v$02').markdown, v2);
  assert.equal(
    hover('/bar/vs.yaml', 'subset: v$01').markdown,
    '**Subset** `v1` of `reviews.foo.svc.cluster.local`\n\n- subset `v1` of DestinationRule `foo/reviews` — [reviews.yaml:19](file:///ws/foo/reviews.yaml#L19): labels `version=v1`',
  );
});

test('elsewhere the field hover answers', () => {
  assert.match(hover('/foo/vs.yaml', 'ga$0teways:').markdown, /^\*\*gateways\*\* `string\[\]` — VirtualService `gateways`/);
  assert.match(hover('/foo/gateway.yaml', 'name: w$0eb').markdown, /^\*\*name\*\* `string` — Gateway `metadata.name`/);
});
