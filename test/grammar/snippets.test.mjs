// Tests for snippets/istio.json: each snippet, expanded with the default value of
// every placeholder (the first option of a choice), is one valid Istio document.
//   node --test test/grammar/snippets.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, isScalar } from 'yaml';
import { expandSnippet, parseSnippet, walk } from './snippet-expand.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const snippetsPath = join(root, 'snippets', 'istio.json');
const snippets = JSON.parse(readFileSync(snippetsPath, 'utf8'));

/** Every choice tabstop of a body, with its options. */
function choicesOf(body) {
  return [...walk(parseSnippet(body.join('\n')))].filter((n) => n.type === 'tabstop' && n.choices);
}

/** The body with choice `index` fixed to `option` (to validate every option, not just the first). */
function withChoice(body, index, option) {
  const re = new RegExp(`\\$\\{${index}\\|[^|]*\\|\\}`, 'g');
  return body.map((line) => line.replace(re, option.replace(/[$}\\]/g, '\\$&')));
}

// ---------------------------------------------------------------------------
// The expander itself.

test('expander: placeholders, choices, mirrors, nesting, escapes, $0', () => {
  assert.equal(expandSnippet('a: ${1:x}\nb: $1\nc: ${1}'), 'a: x\nb: x\nc: x');
  assert.equal(expandSnippet('mode: ${2|STRICT,PERMISSIVE|}'), 'mode: STRICT');
  assert.equal(expandSnippet('m: $3 then ${3:late}'), 'm: late then late');
  assert.equal(expandSnippet('h: ${1:foo.${2:bar}.svc}\nns: $2'), 'h: foo.bar.svc\nns: bar');
  assert.equal(expandSnippet('${1:outer ${2:mid ${3:inner}}}|$3'), 'outer mid inner|inner');
  assert.equal(expandSnippet('regex: "^/a\\$"\ncost: \\${1:not a placeholder\\}'), 'regex: "^/a$"\ncost: ${1:not a placeholder}');
  assert.equal(expandSnippet('v: ${1:a\\}b}'), 'v: a}b');
  assert.equal(expandSnippet('x: ${1|a\\,b,c|}'), 'x: a,b');
  assert.equal(expandSnippet('end$0'), 'end');
  assert.equal(expandSnippet('p: ${0:last}'), 'p: last');
  assert.equal(expandSnippet('cost: 5$ and $'), 'cost: 5$ and $');
  assert.equal(expandSnippet('f: ${TM_FILENAME_BASE:file} $UNKNOWN'), 'f: file ');
  assert.equal(expandSnippet('t: ${1:abc} ${1/(.*)/${1:/upcase}/}'), 't: abc abc');
  assert.equal(expandSnippet(['line1: ${1:a}', 'line2: $1']), 'line1: a\nline2: a');
});

// ---------------------------------------------------------------------------
// The snippets.

const expected = {
  'istio-vs': { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' },
  'istio-dr': { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' },
  'istio-gw': { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' },
  'istio-se': { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' },
  'istio-sidecar': { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar' },
  'istio-authz': { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' },
  'istio-peerauthn': { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' },
  'k8s-gateway': { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
  'k8s-httproute': { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  'k8s-tlsroute': { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute' },
  'k8s-referencegrant': { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant' },
};
const istioPrefixes = Object.keys(expected).filter((p) => p.startsWith('istio-'));

const byPrefix = new Map(Object.entries(snippets).map(([name, s]) => [s.prefix, { name, ...s }]));

/** Parses an expansion: exactly one YAML document, without errors or warnings. */
function parseOne(text, label) {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  assert.ok(Array.isArray(docs), `${label}: not a YAML stream`);
  assert.equal(docs.length, 1, `${label}: expected one document, got ${docs.length}`);
  const [doc] = docs;
  assert.deepEqual(doc.errors.map(String), [], `${label}: YAML errors`);
  assert.deepEqual(doc.warnings.map(String), [], `${label}: YAML warnings`);
  return doc;
}

/** The @kubernetes-models class of a kind (istio or gateway-api), whose validate() checks the CRD's OpenAPI schema. */
async function modelOf(apiVersion, kind) {
  const pkg = apiVersion.startsWith('gateway.networking.k8s.io/') ? 'gateway-api' : 'istio';
  const mod = await import(`@kubernetes-models/${pkg}/${apiVersion}/${kind}`);
  return mod[kind];
}

test('one snippet per kind, with the agreed prefixes', () => {
  assert.deepEqual([...byPrefix.keys()].sort(), Object.keys(expected).sort());
  for (const [name, s] of Object.entries(snippets)) {
    assert.equal(typeof s.prefix, 'string', name);
    assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
    assert.ok(Array.isArray(s.body) && s.body.every((l) => typeof l === 'string'), `${name}: body is an array of lines`);
    assert.ok(!s.body.some((l) => l.includes('\t')), `${name}: no tabs in YAML`);
  }
});

for (const [prefix, want] of Object.entries(expected)) {
  const s = byPrefix.get(prefix);
  test(`${prefix}: tabstops are numbered 1..n, every mirror has a default, $0 ends the body`, () => {
    assert.ok(s, `no snippet with prefix ${prefix}`);
    const tabstops = [...walk(parseSnippet(s.body.join('\n')))].filter((n) => n.type === 'tabstop');
    const indexes = [...new Set(tabstops.map((t) => t.index).filter((i) => i > 0))].sort((a, b) => a - b);
    assert.deepEqual(indexes, indexes.map((_, i) => i + 1), 'tabstops without gaps');
    for (const i of indexes) {
      assert.ok(tabstops.some((t) => t.index === i && (t.children || t.choices)), `$${i} has a default value`);
    }
    assert.equal(tabstops.filter((t) => t.index === 0).length, 1, 'exactly one $0');
    assert.equal(s.body[s.body.length - 1], '$0', '$0 on its own last line');
    assert.ok(!tabstops.some((t) => t.transform), 'no transforms');
    assert.ok(![...walk(parseSnippet(s.body.join('\n')))].some((n) => n.type === 'variable'), 'no variables');
  });

  test(`${prefix}: the defaults form a valid ${want.kind} document`, async () => {
    const text = expandSnippet(s.body);
    const doc = parseOne(text, prefix);
    const obj = doc.toJS();
    assert.equal(obj.apiVersion, want.apiVersion);
    assert.equal(obj.kind, want.kind);
    assert.ok(typeof obj.metadata?.name === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(obj.metadata.name), 'metadata.name is a DNS label');
    assert.ok(typeof obj.metadata?.namespace === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(obj.metadata.namespace), 'metadata.namespace is explicit');
    assert.ok(obj.spec && typeof obj.spec === 'object' && !Array.isArray(obj.spec), 'spec is a mapping');
    const Model = await modelOf(want.apiVersion, want.kind);
    assert.doesNotThrow(() => new Model(obj).validate(), `${prefix}: schema`);
  });

  test(`${prefix}: every option of every choice is valid for the schema`, async () => {
    const Model = await modelOf(want.apiVersion, want.kind);
    for (const choice of choicesOf(s.body)) {
      for (const option of choice.choices) {
        const obj = parseOne(expandSnippet(withChoice(s.body, choice.index, option)), `${prefix} $${choice.index}=${option}`).toJS();
        assert.doesNotThrow(() => new Model(obj).validate(), `${prefix}: \${${choice.index}} = ${option}`);
      }
    }
  });
}

/** Expanded document of a prefix. */
const docOf = (prefix) => parseOne(expandSnippet(byPrefix.get(prefix).body), prefix);
const quoted = (doc, path) => {
  const node = doc.getIn(path, true);
  assert.ok(isScalar(node), `${path.join('.')} is a scalar`);
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
};

test('istio-vs: quoted hosts, gateways [mesh], an HTTP route with a destination', () => {
  const doc = docOf('istio-vs');
  const spec = doc.toJS().spec;
  assert.ok(spec.hosts.length >= 1);
  spec.hosts.forEach((_, i) => assert.ok(quoted(doc, ['spec', 'hosts', i]), `hosts[${i}] quoted`));
  assert.deepEqual(spec.gateways, ['mesh']);
  const dest = spec.http?.[0]?.route?.[0]?.destination;
  assert.ok(dest && typeof dest.host === 'string' && dest.host.length > 0, 'http[0].route[0].destination.host');
});

test('istio-dr: a subset selected by labels', () => {
  const spec = docOf('istio-dr').toJS().spec;
  assert.ok(typeof spec.host === 'string' && spec.host.length > 0);
  const [subset] = spec.subsets;
  assert.ok(subset.name && subset.labels && Object.keys(subset.labels).length > 0);
  assert.equal(subset.labels.version, subset.name, 'the subset name mirrors its version label');
});

test('istio-gw: selector istio: ingressgateway and a server with port and quoted hosts', () => {
  const doc = docOf('istio-gw');
  const spec = doc.toJS().spec;
  assert.deepEqual(spec.selector, { istio: 'ingressgateway' });
  const [server] = spec.servers;
  assert.equal(typeof server.port.number, 'number');
  assert.ok(server.port.name && server.port.protocol);
  assert.ok(server.hosts.length >= 1);
  server.hosts.forEach((_, i) => assert.ok(quoted(doc, ['spec', 'servers', 0, 'hosts', i]), `servers[0].hosts[${i}] quoted`));
});

test('istio-se: quoted hosts, exportTo ["."], location, resolution and a named port', () => {
  const doc = docOf('istio-se');
  const spec = doc.toJS().spec;
  spec.hosts.forEach((h, i) => {
    assert.ok(quoted(doc, ['spec', 'hosts', i]), `hosts[${i}] quoted`);
    assert.ok(!h.includes('*'), 'no wildcard host with resolution DNS');
  });
  assert.deepEqual(spec.exportTo, ['.']);
  assert.equal(spec.location, 'MESH_EXTERNAL');
  assert.equal(spec.resolution, 'DNS');
  const [port] = spec.ports;
  assert.equal(typeof port.number, 'number');
  assert.ok(port.name && port.protocol, 'port name and protocol');
  assert.notEqual(port.protocol, 'TCP', 'a TCP port without addresses would be ambiguous');
});

test('istio-sidecar, istio-authz, istio-peerauthn: the essentials', () => {
  const sidecar = docOf('istio-sidecar').toJS().spec;
  assert.ok(sidecar.egress[0].hosts.every((h) => /^[^/]+\/.+$/.test(h)), 'egress hosts are namespace/host');
  const authz = docOf('istio-authz').toJS();
  assert.equal(authz.spec.action, 'ALLOW');
  assert.ok(Object.keys(authz.spec.selector.matchLabels).length > 0);
  assert.equal(authz.spec.rules[0].from[0].source.principals[0], `cluster.local/ns/${authz.metadata.namespace}/sa/productpage`);
  const peer = docOf('istio-peerauthn').toJS().spec;
  assert.equal(peer.mtls.mode, 'STRICT');
});

test('the defaults agree with each other (one namespace; the VirtualService, its destination and the DestinationRule name one host)', () => {
  const all = istioPrefixes.map((p) => docOf(p).toJS());
  assert.equal(new Set(all.map((d) => d.metadata.namespace)).size, 1, 'one namespace');
  const vs = docOf('istio-vs').toJS().spec;
  const dr = docOf('istio-dr').toJS().spec;
  assert.equal(vs.http[0].route[0].destination.host, vs.hosts[0]);
  assert.equal(dr.host, vs.hosts[0]);
  const authz = docOf('istio-authz').toJS().spec;
  assert.equal(authz.selector.matchLabels.app, vs.hosts[0]);
});

test('k8s-gateway, k8s-httproute: the route attaches to the Gateway by name and hostname; the grant lives in another namespace than it admits', () => {
  const gw = docOf('k8s-gateway').toJS();
  const route = docOf('k8s-httproute').toJS();
  assert.equal(gw.spec.gatewayClassName, 'istio');
  assert.equal(route.metadata.namespace, gw.metadata.namespace);
  assert.equal(route.spec.parentRefs[0].name, gw.metadata.name);
  assert.deepEqual(route.spec.hostnames, [gw.spec.listeners[0].hostname]);
  const tls = docOf('k8s-tlsroute').toJS();
  assert.ok(tls.spec.hostnames.length >= 1, 'TLSRoute v1 requires hostnames');
  const grant = docOf('k8s-referencegrant').toJS();
  assert.notEqual(grant.metadata.namespace, grant.spec.from[0].namespace, 'a grant admits references from another namespace');
  assert.equal(grant.spec.from[0].namespace, route.metadata.namespace);
});

test('package.json contributes the grammar; the snippets come from the server, where a document starts', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const grammarEntry = pkg.contributes?.grammars?.find((e) => e.scopeName === 'istio.yaml.injection');
  // A contributed snippet shows in every completion list, values included (test/core/features/completion.schema.test.mjs checks where the server offers them).
  assert.equal(pkg.contributes?.snippets, undefined);
  assert.ok(grammarEntry, 'contributes.grammars has istio.yaml.injection');
  assert.equal(grammarEntry.path.replace(/^\.\//, ''), 'syntaxes/istio.injection.tmLanguage.json');
  assert.deepEqual(grammarEntry.injectTo, ['source.yaml']);
  // The grammar test configurations declare the injection grammar the same way.
  for (const config of ['grammars.vscode.json', 'grammars.vscode-legacy.json']) {
    const c = JSON.parse(readFileSync(join(root, 'test', 'grammar', config), 'utf8'));
    const g = c.contributes.grammars.find((e) => e.scopeName === grammarEntry.scopeName);
    assert.deepEqual(g.injectTo, grammarEntry.injectTo, config);
  }
  const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'istio.injection.tmLanguage.json'), 'utf8'));
  assert.equal(grammar.scopeName, grammarEntry.scopeName);
});
