// Lists the fields of Istio and Gateway API kinds whose hover documentation is still missing
// or incomplete (no own description, no link, enum values without meaning).
// Usage: npm run build && node scripts/missing-docs.mjs [Kind | group/Kind ...]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../dist/core.js');

const KINDS = [
  ...['DestinationRule', 'VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup', 'EnvoyFilter', 'ProxyConfig'].map((k) => `networking.istio.io/${k}`),
  ...['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].map((k) => `security.istio.io/${k}`),
  'telemetry.istio.io/Telemetry',
  'extensions.istio.io/WasmPlugin',
  'extensions.istio.io/TrafficExtension',
  ...['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'GatewayClass', 'BackendTLSPolicy', 'ListenerSet'].map((k) => `gateway.networking.k8s.io/${k}`),
];
// Arguments: `group/Kind`, or a bare kind name matched against the list.
const kinds = process.argv.length > 2 ? process.argv.slice(2).map((a) => (a.includes('/') ? a : KINDS.find((k) => k.endsWith(`/${a}`)) ?? a)) : KINDS;
let missing = 0;
for (const kind of kinds) {
  const fields = core.fieldCoverage(kind);
  const open = fields.filter((f) => !f.doc || f.undocumentedValues.length);
  console.log(`${kind}: ${fields.length - open.length}/${fields.length} fields documented`);
  for (const f of open) console.log(`  ${f.path}${f.doc ? `  (values: ${f.undocumentedValues.join(', ')})` : ''}`);
  missing += open.length;
}
process.exitCode = missing ? 1 : 0;
