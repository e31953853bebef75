// Builds dist/schema.json from the .d.ts models of @kubernetes-models/istio
// and @kubernetes-models/gateway-api: field structure, required keys,
// string-literal enums and the descriptions. Run at build time; the output is not committed. The overlay
// files (server/src/core/schema/overlay/) then add what the package lacks.
import ts from 'typescript';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyOverlay } from './schema-overlay.mjs';

const require = createRequire(import.meta.url);
const out = process.argv[2] ?? 'dist/schema.json';

// Istio's groups, and the Gateway API's standard and experimental kinds that Istio implements.
const PACKAGES = [
  { name: '@kubernetes-models/istio', groups: (g) => g.endsWith('.istio.io') },
  { name: '@kubernetes-models/gateway-api', groups: (g) => g === 'gateway.networking.k8s.io' },
];
const GATEWAY_API_KINDS = new Set(['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy', 'ListenerSet']);

const entries = [];
for (const pkg of PACKAGES) {
  const pkgDir = dirname(require.resolve(`${pkg.name}/package.json`));
  for (const group of readdirSync(pkgDir)) {
    if (!pkg.groups(group)) continue;
    for (const version of readdirSync(join(pkgDir, group))) {
      const dir = join(pkgDir, group, version);
      if (!existsSync(join(dir, 'index.d.ts'))) continue;
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.d.ts') || f === 'index.d.ts') continue;
        const kind = f.slice(0, -5);
        if (group.endsWith('k8s.io') && !GATEWAY_API_KINDS.has(kind)) continue;
        entries.push({ group, version, kind, file: join(dir, f) });
      }
    }
  }
}

const program = ts.createProgram(entries.map((e) => e.file), { strict: true, noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();

// The Gateway API's CRD descriptions run to pages: hover keeps the first paragraph.
let firstParagraphOnly = false;
function docOf(sym) {
  const text = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
  if (!text) return undefined;
  if (!firstParagraphOnly) return text;
  return text.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').replace(/\\\*/g, '*');
}

function stripUndefined(type) {
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (parts.length === 1) return parts[0];
    if (parts.length !== type.types.length) return { union: parts };
  }
  return type;
}

function convert(typeIn, depth) {
  if (depth > 40) return { t: 'any' };
  let type = stripUndefined(typeIn);
  const parts = type.union ?? (type.isUnion && type.isUnion() ? type.types : [type]);
  // Enums: a union of string literals.
  if (parts.length > 0 && parts.every((p) => p.isStringLiteral())) return { t: 'string', e: parts.map((p) => p.value) };
  if (parts.length > 1) {
    const kinds = new Set();
    let obj;
    for (const p of parts) {
      if (p.flags & ts.TypeFlags.BooleanLiteral) kinds.add('boolean');
      else if (p.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) kinds.add('string');
      else if (p.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) kinds.add('number');
      else { obj = obj ?? convert(p, depth + 1); kinds.add(obj.t); }
    }
    if (kinds.size === 1) return obj ?? { t: [...kinds][0] };
    return { t: 'any', u: [...kinds] };
  }
  type = parts[0];
  const f = type.flags;
  if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return { t: 'any' };
  if (f & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return { t: 'string' };
  if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { t: 'number' };
  if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { t: 'boolean' };
  if (checker.isArrayType(type)) return { t: 'array', i: convert(checker.getTypeArguments(type)[0], depth + 1) };
  // oneOf constraints are written as `Array<X> & (...)` or `X & (...)`: the first member carries the shape.
  if (type.isIntersection()) {
    const arr = type.types.find((m) => checker.isArrayType(m));
    if (arr) return convert(arr, depth);
    const plain = type.types.find((m) => checker.getPropertiesOfType(m).length > 0);
    if (plain && !(plain.flags & ts.TypeFlags.Conditional)) return convert(plain, depth);
  }
  if (f & ts.TypeFlags.Object || type.isIntersection()) {
    const node = { t: 'object' };
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) node.m = convert(index.type, depth + 1);
    const props = checker.getPropertiesOfType(type);
    if (props.length) {
      node.p = {};
      const req = [];
      for (const sym of props) {
        const decl = sym.valueDeclaration ?? sym.declarations?.[0];
        const ptype = decl ? checker.getTypeOfSymbolAtLocation(sym, decl) : checker.getTypeOfSymbol(sym);
        const child = convert(ptype, depth + 1);
        const d = docOf(sym);
        if (d) child.d = d;
        node.p[sym.name] = child;
        if (!(sym.flags & ts.SymbolFlags.Optional)) req.push(sym.name);
      }
      if (req.length) node.r = req;
    }
    if (!index && !props.length) return { t: 'object', m: { t: 'any' } };
    return node;
  }
  if (f & ts.TypeFlags.Never) return { t: 'any' };
  return { t: 'any' };
}

const kinds = {};
for (const e of entries) {
  const sf = program.getSourceFile(e.file);
  const iface = sf.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'I' + e.kind);
  if (!iface) continue;
  firstParagraphOnly = e.group.endsWith('k8s.io');
  const type = checker.getTypeAtLocation(iface);
  const spec = type.getProperty('spec');
  if (!spec) continue;
  const node = convert(checker.getTypeOfSymbolAtLocation(spec, iface), 0);
  node.d = docOf(spec);
  kinds[`${e.group}/${e.version}/${e.kind}`] = node;
  // IstioOperator's status etc. are not authored; only spec is kept.
}
const overlayDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'core', 'schema', 'overlay');
for (const f of readdirSync(overlayDir).filter((n) => n.endsWith('.yaml')).sort()) applyOverlay(join(overlayDir, f), kinds);
mkdirSync(dirname(out), { recursive: true });
const source = PACKAGES.map((p) => `${p.name}@${require(`${p.name}/package.json`).version}`).join(', ');
writeFileSync(out, JSON.stringify({ source, kinds }));
console.log(`schema: ${Object.keys(kinds).length} kinds -> ${out}`);
