// The fuzz run in CI: a fixed seed and a few thousand cases (see fuzz.mjs;
// `npm run fuzz -- --cases 100000` for a long local run with a random seed).
import test from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, loadCorpus } from './fuzz.mjs';

test('the corpus holds the examples, the whole example workspace and the case files of test/fixtures', () => {
  const corpus = loadCorpus();
  const names = corpus.map((c) => c.name);
  assert.ok(names.some((n) => n.startsWith('examples/')));
  assert.ok(names.includes('examples/ (whole workspace)'));
  // A case keeps its files together, so mutations meet cross-file references.
  const gateways = corpus.find((c) => c.name === 'test/fixtures/IST0145/same-tls-host-in-two-namespaces.yaml');
  assert.deepEqual([...gateways.files.keys()], ['file:///ws/edge/a.yaml', 'file:///ws/team/b.yaml']);
  assert.ok(names.length > 50, `${names.length} inputs`);
});

test('2,000 mutated inputs: no exception, spans inside, every call under 1 s, incremental = fresh', () => {
  const result = fuzz({ cases: 2000, seed: 20240601 });
  assert.equal(result.cases, 2000);
  assert.ok(result.calls > 2000 * 10, `${result.calls} feature calls`);
});
