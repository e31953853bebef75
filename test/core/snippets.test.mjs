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
