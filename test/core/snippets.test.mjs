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
// code lens counts it), its backend exists, the grant admits the route's
// namespace, and nothing is reported.
test('the Gateway API snippets together are clean and the route attaches', () => {
  const service = core.getLanguageService();
  const texts = {
    'file:///ws/gateway.yaml': expandSnippet(snippets['Gateway API Gateway'].body),
    'file:///ws/route.yaml': expandSnippet(snippets['Gateway API HTTPRoute'].body),
    'file:///ws/grant.yaml': expandSnippet(snippets['Gateway API ReferenceGrant'].body),
    'file:///ws/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: productpage\n  namespace: default\nspec:\n  selector: {app: productpage}\n  ports:\n  - port: 9080\n',
  };
  for (const [uri, text] of Object.entries(texts)) service.updateFile(uri, text);
  const findings = [...service.diagnostics()].flatMap(([uri, list]) => list.map((f) => `${uri} ${f.code} ${f.message}`));
  assert.deepEqual(findings, []);
  const lenses = service.findCodeLenses('file:///ws/gateway.yaml', texts['file:///ws/gateway.yaml']).map((l) => l.title);
  assert.deepEqual(lenses, ['1 route attached', '1 route attached']);
});
