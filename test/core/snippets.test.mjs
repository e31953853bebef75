// Every snippet, expanded with its default values, is a document istio-ls finds nothing wrong with.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expandSnippet } from '../grammar/snippet-expand.mjs';
import { core } from '../helpers/fixture.mjs';

const snippets = JSON.parse(readFileSync(new URL('../../snippets/istio.json', import.meta.url), 'utf8'));

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" has no diagnostic once expanded`, () => {
    const service = core.getLanguageService();
    const uri = 'file:///ws/snippet.yaml';
    service.updateFile(uri, expandSnippet(snippet.body));
    const findings = service.diagnostics().get(uri).map((f) => `${f.code} ${f.message}`);
    assert.deepEqual(findings, []);
    assert.equal(service.getSummary(uri).resources.length, 1);
  });
}

// The Gateway API snippets together: the route attaches to the Gateway (its
// code lens counts it), its backend exists, the grant admits a route of the
// same namespace into its own (no ILS0809, no ILS0816), and nothing is reported.
test('the Gateway API snippets together are clean, the route attaches and the grant is used', () => {
  const service = core.getLanguageService();
  const svc = (name, ns) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: ${name}}\n  ports:\n  - port: 9080\n`;
  const texts = {
    'file:///ws/gateway.yaml': expandSnippet(snippets['Gateway API Gateway'].body),
    'file:///ws/route.yaml': expandSnippet(snippets['Gateway API HTTPRoute'].body),
    'file:///ws/grant.yaml': expandSnippet(snippets['Gateway API ReferenceGrant'].body),
    'file:///ws/svc.yaml': svc('productpage', 'default'),
    'file:///ws/backends.yaml': svc('ratings', 'backends'),
    'file:///ws/ratings-route.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ratings\n  namespace: default\nspec:\n  parentRefs:\n  - name: bookinfo-gateway\n  hostnames: [bookinfo.example.com]\n  rules:\n  - matches:\n    - path: {type: PathPrefix, value: /ratings}\n    backendRefs:\n    - name: ratings\n      namespace: backends\n      port: 9080\n',
  };
  for (const [uri, text] of Object.entries(texts)) service.updateFile(uri, text);
  const findings = [...service.diagnostics()].flatMap(([uri, list]) => list.map((f) => `${uri} ${f.code} ${f.message}`));
  assert.deepEqual(findings, []);
  const lenses = service.findCodeLenses('file:///ws/gateway.yaml', texts['file:///ws/gateway.yaml']).map((l) => l.title);
  assert.deepEqual(lenses, ['2 routes attached', '2 routes attached']);
  // Without the grant the cross-namespace backend is refused: the grant is what makes it clean.
  service.removeFile('file:///ws/grant.yaml');
  assert.deepEqual(service.diagnostics().get('file:///ws/ratings-route.yaml').map((f) => f.code), ['ILS0809']);
});
