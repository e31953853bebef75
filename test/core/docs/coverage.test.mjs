// Every field of the kinds users write has documentation of our own: at least
// one full sentence that is not the CRD's description, its default where
// Istio defines one, a link to its own anchor on istio.io, and a meaning for
// each enum value. Kinds whose documentation is still to be written are
// listed in PENDING, the one place to update when a kind is done.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../../helpers/fixture.mjs';
import { DEFAULTS } from './defaults.mjs';

// `group/Kind`: the Gateway API has a `Gateway` too.
const NET = 'networking.istio.io';
const GW = 'gateway.networking.k8s.io';
const KINDS = [
  ...['DestinationRule', 'VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup', 'EnvoyFilter', 'ProxyConfig'].map((k) => `${NET}/${k}`),
  ...['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].map((k) => `security.istio.io/${k}`),
  'telemetry.istio.io/Telemetry',
  'extensions.istio.io/WasmPlugin',
  'extensions.istio.io/TrafficExtension',
  ...['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'GatewayClass', 'BackendTLSPolicy', 'ListenerSet'].map((k) => `${GW}/${k}`),
];
const PENDING = new Set([
]);

const ANCHOR = /^https:\/\/istio\.io\/latest\/docs\/reference\/config\/[a-z_/-]+\/#[A-Z][A-Za-z0-9]*(-[A-Z][A-Za-z0-9]*)*-[a-z][A-Za-z0-9_]*$/; // snake_case, or camelCase where the proto writes it so (targetRefs)

// The Gateway API reference anchors types, not fields (crd-ref-docs: the lowercased Go type name), so a
// field of a Gateway API kind links its type; a label selector links the Kubernetes API reference.
const TYPE_ANCHOR = /^https:\/\/(gateway-api\.sigs\.k8s\.io\/reference\/spec\/|kubernetes\.io\/docs\/reference\/kubernetes-api\/[a-z-]+\/[a-z-]+\/)#[a-z0-9]+$/;

const MESSAGE_ANCHOR = /^https:\/\/istio\.io\/latest\/docs\/reference\/config\/[a-z_/-]+\/#[A-Z][A-Za-z0-9]*(-[A-Z][A-Za-z0-9]*)*$/;

/** What is wrong with one field's documentation, or nothing. */
function problems(f, kind) {
  if (!f.doc) return ['no documentation'];
  const out = [];
  const text = f.doc.doc.trim();
  const words = text.split(/\s+/).length;
  if (!/^[A-Z`*'"(0-9]/.test(text) || !/[.)]$/.test(text) || words < 6) out.push(`not a full sentence: "${text}"`);
  if (f.crd && text.replace(/\s+/g, ' ').startsWith(f.crd.replace(/\s+/g, ' ').slice(0, 60))) out.push('copies the CRD description');
  // A field the proto hides from istio.io links its message instead.
  const anchor = kind.startsWith(`${GW}/`) ? TYPE_ANCHOR : f.doc.hidden ? MESSAGE_ANCHOR : ANCHOR;
  if (!f.link || !anchor.test(f.link)) out.push(`no field anchor: ${f.link}`);
  if (f.undocumentedValues.length) out.push(`enum values without meaning: ${f.undocumentedValues.join(', ')}`);
  return out;
}

for (const kind of KINDS) {
  const fields = core.fieldCoverage(kind);
  if (PENDING.has(kind)) {
    test(`${kind}: documentation pending`, { todo: `${fields.filter((f) => problems(f, kind).length === 0).length}/${fields.length} fields done` }, () => {});
    continue;
  }
  test(`${kind}: every field is documented in our words, with a deep link`, () => {
    assert.ok(fields.length > 0, `no schema for ${kind}`);
    const bad = fields.flatMap((f) => problems(f, kind).map((p) => `${f.path}: ${p}`));
    assert.deepEqual(bad, []);
  });
  test(`${kind}: every field with an Istio default says it`, () => {
    // Gateway API kinds are listed by `group/Kind`; a kind without defaults is listed empty, with the reason.
    const listed = DEFAULTS[kind] ?? DEFAULTS[kind.split('/')[1]];
    assert.ok(listed && (listed.length > 0 || kind in DEFAULTS), `no defaults listed for ${kind}`);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    const missing = listed.filter((p) => !byPath.get(p)?.doc?.default);
    assert.deepEqual(missing, [], 'fields whose default is not documented (or whose path is not in the schema)');
  });
}

test('PENDING lists only kinds that are not fully documented', () => {
  const done = [...PENDING].filter((kind) => core.fieldCoverage(kind).every((f) => problems(f, kind).length === 0));
  assert.deepEqual(done, [], 'documented kinds still listed as pending');
});
