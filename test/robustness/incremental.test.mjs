// The work of an edit follows the change, not the workspace: a generated
// medium workspace (20 namespaces × 25 services, ~2,600 documents) is loaded
// into the facade, one file is edited, and the index's work counters must
// show one file parsed and a handful of resources re-analysed. After every
// edit the incremental result must equal an analysis from scratch.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../helpers/fixture.mjs';
import { generate } from '../../bench/generate.mjs';

const WS = 'file:///ws/';

function loadWorkspace(size) {
  const { files, manifest } = generate(size);
  const service = core.getLanguageService();
  const texts = new Map();
  for (const [path, text] of files) {
    texts.set(WS + path, text);
    service.updateFile(WS + path, text);
  }
  service.diagnostics();
  service.warmUp(); // as the server does when idle after its first publish
  return { service, texts, manifest };
}

/** What an edit cost: the counters' deltas. */
function work(service, edit) {
  const before = { ...service.counters };
  edit();
  service.diagnostics();
  const after = service.counters;
  return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
}

/** Findings as comparable text: uri, span, code, severity, message, related. */
function render(map) {
  const out = [];
  for (const [uri, list] of map) for (const f of list) out.push(`${uri} ${f.span.start}-${f.span.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  return out.sort();
}

function assertSameAsFromScratch(service, what) {
  assert.deepStrictEqual(render(service.diagnostics()), render(service.analyzeFully()), `incremental ≠ from scratch after ${what}`);
}

const medium = loadWorkspace('medium');
const totalDocuments = medium.manifest.documents;

test('the generated workspace is large enough to tell proportional from total work', () => {
  assert.ok(totalDocuments > 2000, `${totalDocuments} documents`);
  assert.ok(medium.service.snapshot().resources.length > 2000);
});

test('a one-line edit in a VirtualService parses one file and re-analyses only its resources', () => {
  const { service, texts, manifest } = medium;
  const probe = manifest.probes.vsEdits[0];
  const uri = WS + probe.file;
  const text = texts.get(uri);
  const documents = text.split('\n---\n').length;
  const broken = text.replace('subset: v1', 'subset: v9');
  const cost = work(service, () => service.updateFile(uri, broken));
  assert.equal(cost.filesSummarized, 1);
  assert.equal(cost.documentsParsed, documents);
  assert.equal(cost.analyses, 1);
  // The edited VirtualService is re-checked by each per-resource analyzer that
  // walks VirtualServices; nothing else it reads changed.
  assert.ok(cost.resourcesAnalyzed >= 1 && cost.resourcesAnalyzed <= 10, `resourcesAnalyzed ${cost.resourcesAnalyzed}`);
  // Conflict checks re-run only the groups the VirtualService is in (its hosts, its Gateways).
  assert.ok(cost.groupKeysComputed <= 8, `groupKeysComputed ${cost.groupKeysComputed}`);
  assert.ok(cost.groupsChecked <= 20, `groupsChecked ${cost.groupsChecked}`);
  const findings = service.diagnostics().get(uri).filter((f) => f.code === 'IST0101');
  assert.equal(findings.length, 1, 'the broken subset is reported');
  assertSameAsFromScratch(service, 'breaking a subset');
  const fixed = work(service, () => service.updateFile(uri, text));
  assert.equal(fixed.filesSummarized, 1);
  assert.ok(fixed.resourcesAnalyzed <= 10);
  assert.equal(service.diagnostics().get(uri).length, 0);
  assertSameAsFromScratch(service, 'fixing it again');
});

test('renaming a Gateway re-analyses the VirtualServices bound to it, in other files, and no others', () => {
  const { service, texts, manifest } = medium;
  const probe = manifest.probes.gatewayRenames.find((p) => p.dependents.length >= 2) ?? manifest.probes.gatewayRenames[0];
  const uri = WS + probe.file;
  const text = texts.get(uri);
  const cost = work(service, () => service.updateFile(uri, text.replace(`name: ${probe.from}`, `name: ${probe.to}`)));
  assert.equal(cost.filesSummarized, 1);
  assert.equal(cost.documentsParsed, 1);
  for (const dep of probe.dependents) {
    const codes = (service.diagnostics().get(WS + dep) ?? []).map((f) => f.code);
    assert.deepStrictEqual(codes, ['IST0101'], `${dep} names the old Gateway`);
  }
  // The dependents, the Gateway itself, and the few VirtualServices that list
  // gateways of that namespace: bounded by the change, far below the workspace.
  assert.ok(cost.resourcesAnalyzed <= 8 * (probe.dependents.length + 4), `resourcesAnalyzed ${cost.resourcesAnalyzed}`);
  // Conflict checks: the Gateway's port groups and the groups of the VirtualServices that list it, not the workspace's.
  const groups = cost.groupKeysComputed + cost.groupsChecked;
  assert.ok(groups <= 10 * (probe.dependents.length + 2), `group work ${cost.groupKeysComputed} + ${cost.groupsChecked}`);
  assertSameAsFromScratch(service, 'renaming a Gateway');
  work(service, () => service.updateFile(uri, text));
  for (const dep of probe.dependents) assert.deepStrictEqual(service.diagnostics().get(WS + dep) ?? [], []);
  assertSameAsFromScratch(service, 'renaming it back');
});

test('text inserted above a Gateway (a comment) re-checks its own file, not the VirtualServices bound to it in other files', () => {
  const { service, texts, manifest } = medium;
  const probe = manifest.probes.gatewayRenames.find((p) => p.dependents.length >= 2) ?? manifest.probes.gatewayRenames[0];
  const uri = WS + probe.file;
  const text = texts.get(uri);
  const own = service.getSummary(uri).resources.length;
  const renamed = work(service, () => service.updateFile(uri, text.replace(`name: ${probe.from}`, `name: ${probe.to}`)));
  work(service, () => service.updateFile(uri, text));
  const moved = work(service, () => service.updateFile(uri, `# owned by the platform team\n${text}`));
  // The Gateway's own checks run again (its offsets moved); the dependents read the same Gateway and point nowhere into its file.
  assert.ok(moved.resourcesAnalyzed <= 8 * own, `resourcesAnalyzed ${moved.resourcesAnalyzed} for ${own} resources`);
  assert.ok(moved.resourcesAnalyzed < renamed.resourcesAnalyzed - probe.dependents.length, `moved ${moved.resourcesAnalyzed}, renamed ${renamed.resourcesAnalyzed}`);
  assertSameAsFromScratch(service, 'a comment above the Gateway');
  work(service, () => service.updateFile(uri, text));
  assertSameAsFromScratch(service, 'removing the comment');
});

test("a moved resource that another file's finding points at: that finding is recomputed with the new position", () => {
  const service = core.getLanguageService();
  const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
`;
  // Bound to the Gateway, which does not expose its host: IST0132 on the VirtualService points at the Gateway's server.
  service.updateFile(WS + 'vs.yaml', `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: other
  namespace: shop
spec:
  hosts: [other.example.com]
  gateways: [public]
  http:
  - route:
    - destination: {host: reviews}
`);
  service.updateFile(WS + 'gateway.yaml', gateway);
  const pointsAt = () => service.diagnostics().get(WS + 'vs.yaml').flatMap((f) => (f.related ?? []).filter((r) => r.uri === WS + 'gateway.yaml').map((r) => r.span.start));
  const before = pointsAt();
  assert.ok(before.length > 0, 'the VirtualService has a finding with related information in gateway.yaml');
  service.updateFile(WS + 'gateway.yaml', `# moved down\n${gateway}`);
  assert.deepStrictEqual(pointsAt(), before.map((at) => at + '# moved down\n'.length));
  assertSameAsFromScratch(service, 'moving the Gateway');
});

test('the same edit costs the same in a workspace four times larger', () => {
  const small = loadWorkspace('small');
  const edit = (ws) => {
    const probe = ws.manifest.probes.vsEdits[0];
    const uri = WS + probe.file;
    return work(ws.service, () => ws.service.updateFile(uri, ws.texts.get(uri).replace('subset: v1', 'subset: v9')));
  };
  const a = edit(small);
  const b = edit(medium);
  assert.ok(medium.manifest.documents > 4 * small.manifest.documents);
  assert.equal(b.filesSummarized, a.filesSummarized);
  assert.ok(b.resourcesAnalyzed <= a.resourcesAnalyzed + 2, `small ${a.resourcesAnalyzed}, medium ${b.resourcesAnalyzed}`);
  assert.ok(b.groupsChecked <= a.groupsChecked + 2, `small ${a.groupsChecked}, medium ${b.groupsChecked} groups`);
});

test('random edits, deletions and additions keep the incremental result equal to a from-scratch analysis', () => {
  const { service, texts } = medium;
  const uris = [...texts.keys()].sort();
  let seed = 12345;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const mutations = [
    (t) => t.replace(/subset: v1/, 'subset: v2'),
    (t) => t.replace(/name: (\S+)/, 'name: $1-x'),
    (t) => t.replace(/namespace: (\S+)/, 'namespace: $1x'),
    (t) => t.replace(/host: (\S+)/, 'host: elsewhere.example.com'),
    (t) => t.replace(/version: v2/g, 'version: v3'),
    (t) => t.replace(/- mesh\n/, ''),
    (t) => t.replace(/exportTo:\n {2}- "\."/, 'exportTo:\n  - "*"'),
    (t) => t.split('\n---\n').slice(1).join('\n---\n'),
  ];
  for (let i = 0; i < 40; i++) {
    const uri = uris[rnd(uris.length)];
    const choice = rnd(10);
    if (choice === 0) {
      service.removeFile(uri);
    } else if (choice === 1) {
      service.updateFile(uri.replace('.yaml', '-copy.yaml'), texts.get(uri));
    } else {
      const before = service.hasFile(uri) ? texts.get(uri) : texts.get(uri);
      service.updateFile(uri, mutations[rnd(mutations.length)](before));
    }
    assertSameAsFromScratch(service, `random edit ${i} on ${uri}`);
  }
});

test('editing a kustomize patch file re-decides what its build patches: the findings follow, as a fresh analysis', () => {
  const service = core.getLanguageService();
  const policy = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: authz\nspec:\n  action: CUSTOM\n  provider:\n    name: oauth2-proxy\n';
  const patch = (name) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${name}\nspec:\n  rules:\n  - to:\n    - operation:\n        hosts: [a.example.com]\n`;
  service.updateFile(WS + 'base/kustomization.yaml', 'resources:\n- policy.yaml\n');
  service.updateFile(WS + 'base/policy.yaml', policy);
  service.updateFile(WS + 'overlay/kustomization.yaml', 'namespace: gw\nresources:\n- ../base\npatches:\n- path: patch.yaml\n');
  service.updateFile(WS + 'overlay/patch.yaml', patch('authz'));
  const codes = (m) => [...m].flatMap(([uri, list]) => list.map((f) => `${uri.slice(WS.length)} ${f.code}`)).sort();
  // Every build patches the policy (its rules come from the patch): nothing missing.
  assert.deepEqual(codes(service.diagnostics()), []);
  // The patch now names another policy: the base is applied without rules.
  service.updateFile(WS + 'overlay/patch.yaml', patch('other'));
  assert.deepEqual(codes(service.diagnostics()), ['base/policy.yaml ILS0614']);
  assert.deepEqual(codes(service.diagnostics()), codes(service.analyzeFully()));
  service.updateFile(WS + 'overlay/patch.yaml', patch('authz'));
  assert.deepEqual(codes(service.diagnostics()), []);
});
