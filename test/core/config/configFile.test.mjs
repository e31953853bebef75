// `.istio-ls.yaml` parsed by the pure core: settings it sets validly, and a
// finding on the exact key or value for everything else (never a throw).
import test from 'node:test';
import assert from 'node:assert/strict';
import { core, parseFixture, expectedFindings } from '../../helpers/fixture.mjs';

/** Parses the fixture's one file; asserts exactly its annotated findings; returns the parse. */
function checkConfig(source) {
  const { files } = parseFixture(source);
  const [file] = files;
  const parsed = core.parseConfigFile(file.text);
  const lines = new core.LineIndex(file.text);
  const rendered = parsed.findings.map((d) => {
    const p = lines.positionAt(d.span.start);
    const e = lines.positionAt(d.span.end);
    const end = e.line === p.line ? e.character : file.text.split('\n')[p.line].length;
    return `${file.path}:${p.line}:${p.character}-${Math.max(end, p.character + 1)} ${d.code}`;
  });
  assert.deepEqual(rendered.sort(), expectedFindings(files));
  return parsed;
}

test('a complete, valid configuration becomes settings and excludes, with no findings', () => {
  const parsed = checkConfig(`
#- /.istio-ls.yaml
# Settings for CI and the editor.
defaultNamespace: shop
registry: complete
outboundTrafficPolicy: REGISTRY_ONLY
istioVersion: 1.30
knownHosts:
  - payments.internal.example.com
knownGatewayLabels:
  - istio=private-ingress
  - { app: edge, tier: public }
exclude:
  - charts/**
  - "**/testdata/**"
severity:
  ILS0303: off
  IST0132: error
maxFileSize: 100000
`);
  assert.deepEqual(parsed.settings, {
    defaultNamespace: 'shop',
    registry: 'complete',
    outboundTrafficPolicy: 'REGISTRY_ONLY',
    istioVersion: '1.30',
    knownHosts: ['payments.internal.example.com'],
    knownGatewayLabels: ['istio=private-ingress', 'app=edge,tier=public'],
    severity: { ILS0303: 'off', IST0132: 'error' },
    maxFileSize: 100000,
  });
  assert.deepEqual(parsed.exclude, ['charts/**', '**/testdata/**']);
});

test('an empty file or one of comments only is an empty configuration', () => {
  for (const text of ['', '# nothing yet\n', '---\n']) {
    assert.deepEqual(core.parseConfigFile(text), { settings: {}, exclude: [], findings: [] });
  }
});

test('invalid values are errors on the value; the rest of the file still applies', () => {
  const parsed = checkConfig(`
#- /.istio-ls.yaml
registry: partal
#         ^^^^^^ ILS0010
outboundTrafficPolicy: REGISTRY_ONLY
defaultNamespace: Shop_NS
#                 ^^^^^^^ ILS0010
knownHosts: api.example.com
#           ^^^^^^^^^^^^^^^ ILS0010
maxFileSize: -3
#            ^^ ILS0010
istioVersion: latest
#             ^^^^^^ ILS0010
knownGatewayLabels:
  - istio=ingressgateway
  - "not a label"
#   ^^^^^^^^^^^^^ ILS0010
severity:
  IST0101: fatal
#          ^^^^^ ILS0010
  ILS0201: warning
`);
  assert.deepEqual(parsed.settings, {
    outboundTrafficPolicy: 'REGISTRY_ONLY',
    knownGatewayLabels: ['istio=ingressgateway'],
    severity: { ILS0201: 'warning' },
  });
  assert.match(parsed.findings[0].message, /registry must be "partial" or "complete" \(did you mean "partial"\?\); the setting is ignored/);
});

test('unknown settings and codes are warnings with a suggestion; a known-format unknown code still applies', () => {
  const parsed = checkConfig(`
#- /.istio-ls.yaml
  registy: complete
# ^^^^^^^ ILS0011
  severity:
    ILS0330: off
#   ^^^^^^^ ILS0011
`);
  assert.deepEqual(parsed.settings, { severity: { ILS0330: 'off' } });
  assert.match(parsed.findings[0].message, /Unknown setting "registy"\. Did you mean "registry"\?/);
  assert.match(parsed.findings[1].message, /no diagnostic ILS0330\. Did you mean ILS0303\?/);
});

test('a syntax error is one finding, and a half-read file sets nothing', () => {
  const parsed = checkConfig(`
#- /.istio-ls.yaml
  registry: complete
  exclude: [charts/**
  knownHosts:
# ^ ILS0010
    - "a
`);
  assert.equal(parsed.findings.length, 1);
  assert.match(parsed.findings[0].message, /^YAML syntax error: .*the configuration file is ignored\.$/);
  assert.deepEqual(parsed.settings, {});
});

test('a file that is not a mapping is one error', () => {
  const parsed = checkConfig(`
#- /.istio-ls.yaml
  - registry: complete
# ^^^^^^^^^^^^^^^^^^^^ ILS0010
`);
  assert.deepEqual(parsed.settings, {});
});
