// Lists the fields of Istio kinds whose hover documentation is still missing
// or incomplete (no own description, no link, enum values without meaning).
// Usage: npm run build && node scripts/missing-docs.mjs [Kind ...]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../dist/core.js');

const KINDS = [
  'DestinationRule', 'VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup', 'EnvoyFilter', 'ProxyConfig',
  'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Telemetry', 'WasmPlugin',
];
const kinds = process.argv.length > 2 ? process.argv.slice(2) : KINDS;
let missing = 0;
for (const kind of kinds) {
  const fields = core.fieldCoverage(kind);
  const open = fields.filter((f) => !f.doc || f.undocumentedValues.length);
  console.log(`${kind}: ${fields.length - open.length}/${fields.length} fields documented`);
  for (const f of open) console.log(`  ${f.path}${f.doc ? `  (values: ${f.undocumentedValues.join(', ')})` : ''}`);
  missing += open.length;
}
process.exitCode = missing ? 1 : 0;
