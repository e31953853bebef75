// What real workspaces contain, through the facade: broken YAML of every kind,
// templates, Kustomize and JSON files, binary text, huge files, alias bombs,
// deep nesting, and line endings that move positions. For each: no exception,
// every span inside its document, bounded time, the expected findings, and
// the valid documents of a broken file still analysed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../helpers/fixture.mjs';
import { exercise } from './exercise.mjs';

const URI = 'file:///ws/ns/file.yaml';

const VALID_VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
  - route:
    - destnation: {host: reviews}
`;

/** Loads one file, exercises every feature at every 7th offset, returns its findings. */
// limitMs only catches a hang: how fast these inputs are is measured by the benchmark
// (bench/run.mjs, "pathological inputs"), not by unit tests on a busy machine.
function run(text, { settings, limitMs = 30_000, every = 7 } = {}) {
  const service = core.getLanguageService(settings);
  const texts = new Map([[URI, text]]);
  service.updateFile(URI, text);
  const offsets = [];
  for (let o = 0; o <= Math.min(text.length, 4000); o += every) offsets.push(o);
  offsets.push(text.length);
  exercise(service, texts, URI, offsets, { limitMs });
  return { service, findings: service.diagnostics().get(URI) ?? [] };
}

const codes = (findings) => findings.map((f) => f.code).sort();
const position = (text, offset) => {
  const li = new core.LineIndex(text);
  const p = li.positionAt(offset);
  return `${p.line}:${p.character}`;
};

// Each broken document comes with a valid one after it whose schema error must still be found.
// `true`: the broken part must be reported as a YAML syntax error (ILS0001).
const MALFORMED = {
  // An unclosed quote runs to the end of the file (quoted scalars span lines), so it goes last.
  'unclosed double quote': ['last', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "abc\n'],
  'unclosed single quote': ['last', "apiVersion: v1\nkind: Service\nmetadata:\n  name: 'abc\n"],
  'unclosed flow mapping': [true, 'apiVersion: v1\nkind: Service\nmetadata: {name: a, labels: {app: b\n'],
  'unclosed flow sequence': [true, 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  servers: [{port: {number: 80}, hosts: ["a"\n'],
  'bad indentation': [true, 'apiVersion: v1\nkind: Service\nmetadata:\n    name: a\n  namespace: b\n'],
  'tab indentation': [true, 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n'],
  'duplicate keys': [true, 'apiVersion: v1\nkind: Service\nkind: Pod\nmetadata:\n  name: a\n  name: b\n'],
  'a stray colon': [true, 'apiVersion: v1\nkind: Service\n: :\nmetadata: {name: a}\n'],
  'a directive in the middle': [true, 'apiVersion: v1\n%YAML 1.2\nkind: Service\n'],
  'an unclosed block scalar header': [true, 'apiVersion: v1\nkind: ConfigMap\ndata:\n  x: |9\n  y\n'],
  // Valid YAML, odd Kubernetes: no syntax error, and nothing breaks.
  'empty keys and values in a flow': [false, 'apiVersion: v1\nkind: Service\nmetadata: {name: , : x}\n'],
  'an undefined alias': [false, 'apiVersion: v1\nkind: Service\nmetadata: *nothing\n'],
  'document end markers': [false, 'apiVersion: v1\nkind: Service\n...\n...\n'],
  'a resource that is a list': [false, '- apiVersion: v1\n  kind: Service\n'],
  'kind and apiVersion that are maps': [false, 'apiVersion: {a: 1}\nkind: [Service]\nmetadata: {name: {x: 1}, namespace: [a]}\n'],
};

for (const [name, [syntaxError, broken]] of Object.entries(MALFORMED)) {
  test(`malformed YAML (${name}) is handled and does not hide the next document`, () => {
    const last = syntaxError === 'last';
    const text = last ? `${VALID_VS}---\n${broken}` : `${broken}---\n${VALID_VS}`;
    const at = last ? VALID_VS.length : 0;
    const { findings } = run(text);
    const schema = findings.filter((f) => f.code === 'IST0106' && text.slice(f.span.start, f.span.end) === 'destnation');
    assert.equal(schema.length, 1, `the valid document's unknown field is still found: ${JSON.stringify(codes(findings))}`);
    const reported = findings.some((f) => f.code === 'ILS0001' && f.span.start >= at && f.span.start <= at + broken.length + 4);
    assert.equal(reported, !!syntaxError, `syntax error in the broken document: ${JSON.stringify(findings.map((f) => [f.code, f.message]))}`);
  });
}

test('documents that are only separators, comments or empty are ignored silently', () => {
  for (const text of ['---', '---\n', '---\n---\n---\n', '', '\n\n', '# only a comment\n', '---\n# c\n---\n', '...\n', 'null\n', '~\n', '42\n', '"text"\n', '- a\n- b\n']) {
    const { findings } = run(text);
    assert.deepStrictEqual(findings, [], JSON.stringify(text));
  }
});

test('Helm and Go templates are skipped with one information finding', () => {
  const helm = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ .Release.Name }}-vs
  namespace: {{ .Values.namespace | default "default" }}
spec:
  hosts:
{{- range .Values.hosts }}
  - {{ . | quote }}
{{- end }}
`;
  const { findings } = run(helm);
  assert.deepStrictEqual(codes(findings), ['ILS0002']);
  assert.equal(findings[0].severity, 'information');
  assert.match(findings[0].message, /line 4/);
  // `{{` inside a comment or a quoted string of plain YAML is not a template.
  const notHelm = run(`# use {{ .Values.x }} in the chart\n${VALID_VS}`);
  assert.deepStrictEqual(codes(notHelm.findings), ['IST0106']);
});

test('Kustomize files and other non-Kubernetes YAML are ignored silently', () => {
  const kustomize = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
- deployment.yaml
- ../base
patches:
- path: patch.yaml
  target: {kind: VirtualService, name: reviews}
configMapGenerator:
- name: cfg
  literals: [A=1]
`;
  assert.deepStrictEqual(run(kustomize).findings, []);
  const workflow = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: npm test\n';
  assert.deepStrictEqual(run(workflow).findings, []);
  const values = 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.25"\ningress: {enabled: false}\n';
  assert.deepStrictEqual(run(values).findings, []);
});

test('a JSON file with a .yaml name is read as YAML, with exact positions', () => {
  const json = JSON.stringify(
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r', namespace: 's' }, spec: { hosts: ['r'], http: [{ route: [{ destnation: { host: 'r' } }] }] } },
    null,
    2,
  );
  const { findings } = run(json);
  assert.deepStrictEqual(codes(findings), ['IST0106']);
  assert.equal(json.slice(findings[0].span.start, findings[0].span.end), '"destnation"');
  const minified = run(json.replace(/\s+/g, ''));
  assert.deepStrictEqual(codes(minified.findings), ['IST0106']);
});

test('binary content and text that was not valid UTF-8 are skipped with one information finding', () => {
  const binary = 'apiVersion: v1\u0000\u0001\u0002\u00ff\u0000kind';
  assert.deepStrictEqual(codes(run(binary).findings), ['ILS0003']);
  const decodedLatin1 = Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0x0a]).toString('utf8'); // "kind: \xe9" read as UTF-8
  const { findings } = run(decodedLatin1);
  assert.deepStrictEqual(codes(findings), ['ILS0003']);
  assert.match(findings[0].message, /binary|UTF-8/);
});

test('a file over the size limit is skipped with one information finding, under it is analysed', () => {
  const big = VALID_VS + `# ${'x'.repeat(3000)}\n`;
  const over = run(big, { settings: { maxFileSize: 2000 } });
  assert.deepStrictEqual(codes(over.findings), ['ILS0003']);
  assert.match(over.findings[0].message, /istio\.maxFileSize/);
  assert.deepStrictEqual(codes(run(big, { settings: { maxFileSize: 10_000 } }).findings), ['IST0106']);
  // The server does not even read such a file: it records its size.
  const service = core.getLanguageService({ maxFileSize: 2000 });
  service.updateOversizeFile(URI, 5_000_000);
  assert.deepStrictEqual(codes(service.diagnostics().get(URI)), ['ILS0003']);
});

// How long this takes is measured by the benchmark (bench/run.mjs, "million-line file"); here: what is reported.
test('a million-line file is skipped with one finding, and no feature parses it', () => {
  for (const text of ['#\n'.repeat(1_000_000), `${VALID_VS}${'\n'.repeat(1_000_000)}`, 'a\n'.repeat(1_000_000)]) {
    const { service, findings } = run(text, { every: 997 });
    assert.deepStrictEqual(codes(findings), ['ILS0003']);
    assert.match(findings[0].message, /lines/);
    assert.deepStrictEqual(service.doComplete(URI, text, 0).items, []);
    assert.deepStrictEqual(service.doComplete(URI, text, text.length).items, []);
    assert.equal(service.doHover(URI, text, 1), undefined);
  }
});

test('an alias bomb (billion laughs) costs its size, not its expansion', () => {
  const levels = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) levels.push(`x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bomb, namespace: b}
${levels.join('\n')}
spec:
  hosts: *a9
  gateways: *a9
  http: [{route: *a9}, {route: [{destination: {host: *a9, subset: *a9}}]}]
---
apiVersion: v1
kind: Service
metadata:
  name: &n lol
  labels: {a: *n}
spec: {selector: *a9, ports: *a9}
`;
  const heap = process.memoryUsage().heapUsed;
  const { findings } = run(text, { every: 13 });
  assert.ok(process.memoryUsage().heapUsed - heap < 200e6, 'bounded memory');
  assert.ok(findings.some((f) => f.code === 'IST0106'), 'the unknown top-level fields are still reported');
});

test('deep nesting is handled, not a crash', () => {
  const flow = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\nspec:\n  hosts: ${'['.repeat(20000)}${']'.repeat(20000)}\n---\n${VALID_VS}`;
  const block = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\nspec:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 2)}a:`).join('\n')}\n`;
  const seqs = `apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  x:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 2)}-`).join('\n')} 1\n`;
  for (const text of [flow, block, seqs]) run(text, { every: 4001 });
});

test('CRLF, a BOM, mixed line endings and tabs keep positions exact (UTF-16 columns)', () => {
  const lines = [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService # 😀 emoji 注释 CJK',
    'metadata:',
    '  name: r # 🎉🎉',
    'spec:',
    '  hosts: ["😀.example.com", "中文"]',
    '  http:',
    '  - route:',
    '    - destnation: {host: r}',
  ];
  const expected = { line: 8, character: 6 };
  // (A lone CR ends a line for LSP but not for the yaml parser; files that use only CR do not occur in practice.)
  for (const [eol, name] of [
    ['\r\n', 'CRLF'],
    ['\n', 'LF'],
  ]) {
    const text = lines.join(eol) + eol;
    const { findings } = run(text);
    const f = findings.find((x) => x.code === 'IST0106');
    assert.ok(f, `${name}: ${JSON.stringify(codes(findings))}`);
    assert.equal(position(text, f.span.start), `${expected.line}:${expected.character}`, name);
  }
  const mixed = lines.slice(0, 3).join('\r\n') + '\r\n' + lines.slice(3, 6).join('\n') + '\n' + lines.slice(6).join('\r\n');
  const m = run(mixed).findings.find((x) => x.code === 'IST0106');
  assert.equal(position(mixed, m.span.start), '8:6', 'mixed');
  // A flow mapping after emoji on the same line: the column counts UTF-16 code units (😀 is two).
  const sameLine = 'apiVersion: v1\nkind: Service\nmetadata: {labels: {e: "😀😀中"}, name: x}\n---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {annotations: {a: "😀"}, Name: g}\n';
  const g = run(sameLine).findings.find((x) => x.code === 'IST0106');
  const line6 = 'metadata: {annotations: {a: "😀"}, Name: g}';
  assert.equal(position(sameLine, g.span.start), `6:${line6.indexOf('Name')}`);
  assert.equal(line6.indexOf('Name'), [...line6].indexOf('N') + 1, 'the column counts the emoji as two UTF-16 units');
  assert.equal(sameLine.slice(g.span.start, g.span.end), 'Name');
  // A BOM (editors drop it; the server drops it when it reads a file) keeps the first line exact.
  const bom = '\uFEFF' + lines.join('\n');
  assert.ok(run(bom).findings.some((x) => x.code === 'IST0106'));
  // Tabs inside values and comments are text, not indentation.
  const tabs = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\t# tab\t comment\n  labels: {x: "a\tb"}\n';
  assert.deepStrictEqual(run(tabs).findings, []);
});

test('every feature answers at every offset of a realistic multi-document file', () => {
  const text = `${VALID_VS}---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["shop/*.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
`;
  run(text, { every: 1 });
});
