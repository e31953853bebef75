// Writes the MeshConfig and ProxyConfig structure of the IstioOperator overlay
// (server/src/core/schema/overlay/istio-operator-mesh.yaml) from istio/api's
// protos: field names (protojson camelCase), types, enums and which fields are
// deprecated. Run by hand when a new Istio release changes them; the output is
// committed, so the build needs no istio/api checkout:
//   node scripts/mesh-config-from-proto.mjs <istio-api-checkout> <release>
// Only structure carries over: no comment text is copied.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isSeq, visit } from 'yaml';

const [apiDir, release] = process.argv.slice(2);
if (!apiDir || !release) {
  console.error('usage: node scripts/mesh-config-from-proto.mjs <istio-api-checkout> <release>');
  process.exit(2);
}
const files = ['mesh/v1alpha1/config.proto', 'mesh/v1alpha1/proxy.proto'];

// Types from other packages: the matching node of the generated networking schema.
const EXTERNAL = {
  'istio.networking.v1alpha3.ClientTLSSettings': 'networking.istio.io/v1/DestinationRule trafficPolicy.tls',
  'istio.networking.v1alpha3.ConnectionPoolSettings': 'networking.istio.io/v1/DestinationRule trafficPolicy.connectionPool',
  'istio.networking.v1alpha3.ConnectionPoolSettings.TCPSettings.TcpKeepalive': 'networking.istio.io/v1/DestinationRule trafficPolicy.connectionPool.tcp.tcpKeepalive',
  'istio.networking.v1alpha3.HTTPRetry': 'networking.istio.io/v1/VirtualService http.retries',
  'istio.networking.v1alpha3.LocalityLoadBalancerSetting': 'networking.istio.io/v1/DestinationRule trafficPolicy.loadBalancer.localityLbSetting',
  'istio.networking.v1alpha3.OutlierDetection': 'networking.istio.io/v1/DestinationRule trafficPolicy.outlierDetection',
  'istio.networking.v1alpha3.ReadinessProbe': 'networking.istio.io/v1/WorkloadGroup probe',
  'istio.networking.v1alpha3.ZoneAwareLoadBalancerSetting': 'networking.istio.io/v1/DestinationRule trafficPolicy.loadBalancer.zoneAwareLbSetting',
  'istio.networking.v1beta1.ProxyImage': 'networking.istio.io/v1beta1/ProxyConfig image',
};
const WELL_KNOWN = {
  'google.protobuf.Duration': { type: 'string' },
  'google.protobuf.BoolValue': { type: 'boolean' },
  'google.protobuf.Int32Value': { type: 'number' },
  'google.protobuf.UInt32Value': { type: 'number' },
  'google.protobuf.Int64Value': { type: 'any', types: ['number', 'string'] },
  'google.protobuf.UInt64Value': { type: 'any', types: ['number', 'string'] },
  'google.protobuf.DoubleValue': { type: 'number' },
  'google.protobuf.FloatValue': { type: 'number' },
  'google.protobuf.StringValue': { type: 'string' },
  'google.protobuf.Struct': { type: 'object', values: { type: 'any' } },
  'google.protobuf.Value': { type: 'any' },
  'google.protobuf.Any': { type: 'object', values: { type: 'any' } },
};
const SCALAR = { string: 'string', bytes: 'string', bool: 'boolean', int32: 'number', uint32: 'number', sint32: 'number', fixed32: 'number', double: 'number', float: 'number' };
const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64']);

/** Messages and enums by full name, from the protos' declarations (comments removed). */
function declarations() {
  const messages = new Map();
  const enums = new Map();
  for (const f of files) {
    const text = readFileSync(join(apiDir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const tokens = text.match(/"[^"]*"|[A-Za-z_][\w.]*|\d+|[{}=;<>,\[\]()]/g) ?? [];
    const stack = [];
    let pkg = '';
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === 'package') pkg = tokens[++i];
      else if ((t === 'message' || t === 'enum') && tokens[i + 2] === '{') {
        const name = tokens[++i];
        const full = [pkg, ...stack.map((s) => s.name), name].join('.');
        const decl = { kind: t, name, full, fields: [], values: [], scope: full };
        (t === 'message' ? messages : enums).set(full, decl);
        stack.push(decl);
        i++;
      } else if (t === 'oneof' && tokens[i + 2] === '{') {
        stack.push({ kind: 'oneof', name: null });
        i += 2;
      } else if (t === '}') stack.pop();
      else if (t === 'reserved' || t === 'option' || t === 'import' || t === 'syntax') while (tokens[i] !== ';') i++;
      else {
        const owner = [...stack].reverse().find((s) => s.kind !== 'oneof');
        if (!owner) continue;
        if (owner.kind === 'enum' && tokens[i + 1] === '=') {
          owner.values.push(t);
          while (tokens[i] !== ';') i++;
        } else if (owner.kind === 'message') {
          let repeated = false;
          let type = t;
          let key;
          if (t === 'repeated') {
            repeated = true;
            type = tokens[++i];
          }
          if (type === 'map') {
            key = tokens[i + 2];
            type = tokens[i + 4];
            i += 5;
          }
          const name = tokens[++i];
          if (tokens[i + 1] !== '=') continue;
          let j = i;
          let deprecated = false;
          while (tokens[j] !== ';') {
            if (tokens[j] === 'deprecated' && tokens[j + 2] === 'true') deprecated = true;
            j++;
          }
          owner.fields.push({ name, type, repeated, map: !!key, deprecated });
          i = j;
        }
      }
    }
  }
  return { messages, enums };
}

const { messages, enums } = declarations();

function resolve(type, scope) {
  if (WELL_KNOWN[type] || EXTERNAL[type]) return type;
  // Protobuf scoping: the innermost enclosing scope first.
  const parts = scope.split('.');
  for (let n = parts.length; n >= 0; n--) {
    const full = [...parts.slice(0, n), type].join('.');
    if (messages.has(full) || enums.has(full)) return full;
  }
  return type;
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function node(type, scope, seen) {
  if (SCALAR[type]) return { type: SCALAR[type] };
  if (INT64.has(type)) return { type: 'any', types: ['number', 'string'] };
  const full = resolve(type, scope);
  if (WELL_KNOWN[full]) return { ...WELL_KNOWN[full] };
  if (EXTERNAL[full]) return { ref: EXTERNAL[full] };
  if (enums.has(full)) return { type: 'string', enum: enums.get(full).values };
  const m = messages.get(full);
  if (!m || seen.has(full)) return { type: 'object', values: { type: 'any' } };
  const properties = {};
  for (const f of m.fields) {
    let child = node(f.type, m.full, new Set([...seen, full]));
    if (f.map) child = { type: 'object', values: child };
    if (f.repeated) child = { type: 'array', items: child };
    if (f.deprecated) child.deprecated = true;
    properties[camel(f.name)] = child;
  }
  return { type: 'object', protoNames: true, properties };
}

const mesh = node('MeshConfig', 'istio.mesh.v1alpha1', new Set());
const header = `# GENERATED by scripts/mesh-config-from-proto.mjs from istio/api ${release}
# (mesh/v1alpha1/config.proto, proxy.proto): the structure of MeshConfig, as
# IstioOperator spec.meshConfig takes it. Field names, types and enums only;
# descriptions of the fields people set most are in istio-operator.yaml.
# protoNames: protojson also accepts the proto's snake_case names there.
`;
// Leaves and enums on one line, so the file reads as a list of fields.
const doc = new Document({ types: { MeshConfig: mesh } });
visit(doc, {
  Map(_, node) {
    if (!JSON.stringify(node.toJSON()).includes('"properties"')) node.flow = true;
  },
  Seq(_, node) {
    if (node.items.every((i) => !isMap(i) && !isSeq(i))) node.flow = true;
  },
});
writeFileSync(join('server/src/core/schema/overlay', 'istio-operator-mesh.yaml'), header + doc.toString({ lineWidth: 0 }));
console.log(`MeshConfig: ${Object.keys(mesh.properties).length} fields`);
