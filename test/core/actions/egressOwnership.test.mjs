// Ownership: the egress bundle never changes a resource of another namespace
// (its team owns it) unless the user allows it in the command's form, which
// offers that only when it is needed and says why. Refused, the command says
// what it would change, and writes nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceEdit, findingKeys, serviceOf } from './helpers.mjs';

const ROOT = 'file:///ws';
const HOST = 'api.example.com';
const MESH = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: cp, namespace: istio-system}
spec:
  meshConfig:
    outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`;
// The platform team registers the host for everyone, on port 80 only.
const PLATFORM_SE = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
  namespace: platform
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
`;
const texts = () =>
  new Map([
    [`${ROOT}/istio-system/operator.yaml`, MESH],
    [`${ROOT}/platform/partner.yaml`, PLATFORM_SE],
    [`${ROOT}/payments/app.yaml`, 'apiVersion: v1\nkind: Service\nmetadata: {name: pay, namespace: payments}\nspec:\n  selector: {app: pay}\n  ports: [{port: 80, name: http}]\n'],
  ]);
const request = (options = {}) => ({ host: HOST, protocol: 'tls-origination', namespace: 'payments', target: `${ROOT}/payments/egress.yaml`, options });
const textOf = (t) => (u) => t.get(u);

test("by default the bundle leaves another namespace's ServiceEntry alone: it stops, names the resource and the change, writes nothing", () => {
  const t = texts();
  const result = serviceOf(t).scaffoldEgress(request(), textOf(t));
  assert.equal(
    result.error,
    `The bundle needs changes to resources of other namespaces, which their teams own: ServiceEntry platform/partner (add port 443 (HTTPS)). Make the change there, or allow it with the option "Change other namespaces' resources", and run the command again.`,
  );
  assert.deepStrictEqual(result.edit.documentChanges, []);
  assert.deepStrictEqual(result.foreign.map(({ span, ...rest }) => ({ ...rest, name: PLATFORM_SE.slice(span.start, span.end) })), [
    { resource: 'ServiceEntry platform/partner', namespace: 'platform', uri: `${ROOT}/platform/partner.yaml`, changes: ['add port 443 (HTTPS)'], name: 'partner' },
  ]);
});

test('the form offers the option only when needed, unpicked, with what would change and why', () => {
  const t = texts();
  const service = serviceOf(t);
  const form = service.egressForm({ host: HOST, protocol: 'tls-origination', namespace: 'payments' }, undefined, textOf(t));
  const own = form.options.find((o) => o.arguments.options?.editOtherNamespaces);
  assert.deepStrictEqual(
    { label: own.label, description: own.description, detail: own.detail, picked: own.picked },
    {
      label: "Change other namespaces' resources",
      description: 'ServiceEntry platform/partner',
      detail: 'Needed: add port 443 (HTTPS). Off: the bundle stops and says what to change',
      picked: false,
    },
  );
  // HTTP needs only port 80, which the ServiceEntry has: nothing to change there, no option.
  const http = service.egressForm({ host: HOST, protocol: 'http', namespace: 'payments' }, undefined, textOf(t));
  assert.deepStrictEqual(http.options.map((o) => o.label), ['Scope the ServiceEntry with exportTo', 'Add a NetworkPolicy']);
});

test("allowed, the bundle changes the platform's ServiceEntry, says so, and nothing new is reported", () => {
  const t = texts();
  const service = serviceOf(t);
  const result = service.scaffoldEgress(request({ editOtherNamespaces: true }), textOf(t));
  assert.equal(result.error, undefined);
  assert.deepStrictEqual(result.uris, [`${ROOT}/payments/egress.yaml`, `${ROOT}/platform/partner.yaml`]);
  assert.ok(result.notes.includes('Changed ServiceEntry platform/partner, owned by namespace platform, as allowed: add port 443 (HTTPS).'), result.notes.join('\n'));
  const after = applyWorkspaceEdit(t, result.edit);
  assert.match(after.get(`${ROOT}/platform/partner.yaml`), /- number: 443\n {4}name: https\n {4}protocol: HTTPS\n/);
  assert.deepStrictEqual(findingKeys(serviceOf(after), after), findingKeys(service, t));
});

test('with the defaults needing such a change, the form says so right after the host, with where to go', () => {
  const t = texts();
  // The defaults are HTTP on port 80; this ServiceEntry declares only 443 here.
  t.set(`${ROOT}/platform/partner.yaml`, PLATFORM_SE.replace('number: 80\n    name: http\n    protocol: HTTP', 'number: 443\n    name: https\n    protocol: HTTPS'));
  const form = serviceOf(t).egressForm({ host: HOST, namespace: 'payments' }, undefined, textOf(t));
  assert.deepStrictEqual(
    form.notices.map((n) => [n.message, n.location.uri, t.get(n.location.uri).slice(n.location.span.start, n.location.span.end)]),
    [
      [
        'The defaults need a change to ServiceEntry platform/partner, owned by namespace platform: add port 80 (HTTP). Choose each setting to allow it, or make the change there.',
        `${ROOT}/platform/partner.yaml`,
        'partner',
      ],
    ],
  );
  assert.equal(form.accept.arguments.options.editOtherNamespaces, false);
});
