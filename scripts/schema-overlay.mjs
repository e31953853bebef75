// Applies the overlay files of server/src/core/schema/overlay/ to the schema
// generated from @kubernetes-models/istio: kinds and fields the pinned package
// lacks, enum values added later, and the Istio release each one arrived in.
// The overlay's syntax is described at the top of overlay/istio-api.yaml.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// Named nodes (`types:` of an overlay file), for `use: Name` in later files.
const types = new Map();

/** Converts an overlay node to the compact schema form (see SchemaNode in schema.ts). */
export function toNode(src, kinds, where) {
  if (src.use) {
    const named = types.get(src.use);
    if (!named) throw new Error(`overlay ${where}: use "${src.use}" names no type (files load in name order)`);
    const copy = structuredClone(named);
    if (src.doc) copy.d = src.doc.trim();
    return copy;
  }
  if (src.ref) {
    const [kind, path] = src.ref.split(' ');
    const found = kinds[kind] && nodesAt(kinds[kind], path.split('.'));
    if (!found?.length) throw new Error(`overlay ${where}: ref "${src.ref}" names no node`);
    const copy = structuredClone(found[0]);
    if (src.doc) copy.d = src.doc;
    if (src.since) copy.s = src.since;
    return copy;
  }
  const node = { t: src.type ?? 'any' };
  if (src.doc) node.d = src.doc.trim();
  if (src.deprecated) node.d = `Deprecated.${node.d ? ' ' + node.d : ''}`;
  if (src.protoNames) node.j = 1;
  if (src.since) node.s = String(src.since);
  if (src.enum) node.e = src.enum.map(String);
  if (src.items) node.i = toNode(src.items, kinds, `${where}[]`);
  if (src.values) node.m = toNode(src.values, kinds, `${where}.*`);
  if (src.types) node.u = src.types;
  if (src.properties) {
    node.p = {};
    for (const [name, child] of Object.entries(src.properties)) node.p[name] = toNode(child, kinds, `${where}.${name}`);
  }
  if (src.required?.length) node.r = src.required;
  if (node.t === 'object' && !node.p && !node.m) node.m = { t: 'any' };
  return node;
}

/** Every node a path reaches: array items are stepped through, `*` is a map's values, `**` any depth. */
export function nodesAt(root, steps) {
  let current = [root];
  for (const step of steps) {
    const next = [];
    for (const node of current) {
      if (step === '**') collect(node, next);
      else next.push(node);
    }
    current = [];
    for (const node of next) {
      if (step === '**') current.push(node);
      else {
        const base = node.t === 'array' ? node.i : node;
        const child = step === '*' ? base?.m : base?.p?.[step];
        if (child) current.push(child);
      }
    }
  }
  return [...new Set(current)];
}

function collect(node, out, depth = 0) {
  if (!node || depth > 40) return;
  out.push(node);
  for (const child of Object.values(node.p ?? {})) collect(child, out, depth + 1);
  if (node.i) collect(node.i, out, depth + 1);
  if (node.m) collect(node.m, out, depth + 1);
}

function kindKeys(kinds, pattern) {
  const [group, version, kind] = pattern.split('/');
  const keys = Object.keys(kinds).filter((k) => {
    const [g, v, n] = k.split('/');
    return g === group && n === kind && (version === '*' || v === version);
  });
  if (!keys.length) throw new Error(`overlay: "${pattern}" names no kind`);
  return keys;
}

function targets(kinds, entry, at) {
  const found = [];
  for (const key of kindKeys(kinds, entry.in)) found.push(...nodesAt(kinds[key], at ? at.split('.') : []));
  if (!found.length) throw new Error(`overlay: ${entry.in} ${at} reaches no node`);
  return found;
}

/** Merges one overlay file into `kinds` (spec schemas by `group/version/Kind`); returns kind-level release notes. */
export function applyOverlay(file, kinds) {
  const overlay = parse(readFileSync(file, 'utf8'), { merge: true });
  for (const [name, src] of Object.entries(overlay.types ?? {})) types.set(name, toNode(src, kinds, name));
  for (const [key, src] of Object.entries(overlay.kinds ?? {})) kinds[key] = toNode(src, kinds, key);
  for (const entry of overlay.fields ?? []) {
    for (const node of targets(kinds, entry, entry.at)) {
      const base = node.t === 'array' ? node.i : node;
      base.p ??= {};
      for (const [name, src] of Object.entries(entry.add)) {
        if (base.p[name]) throw new Error(`overlay: ${entry.in} ${entry.at}.${name} is already in the package; drop it from the overlay`);
        base.p[name] = toNode(src, kinds, `${entry.in} ${entry.at}.${name}`);
      }
    }
  }
  for (const entry of overlay.enums ?? []) {
    for (const node of targets(kinds, entry, entry.at)) {
      const base = node.t === 'array' ? node.i : node;
      for (const [value, since] of Object.entries(entry.add)) {
        if (!base.e) throw new Error(`overlay: ${entry.in} ${entry.at} is not an enum`);
        if (!base.e.includes(value)) base.e.push(value);
        (base.es ??= {})[value] = String(since);
      }
    }
  }
  for (const entry of overlay.docs ?? []) {
    for (const [at, doc] of Object.entries(entry.at)) for (const node of targets(kinds, entry, at)) node.d = doc.trim();
  }
  for (const entry of overlay.removed ?? []) {
    for (const node of targets(kinds, entry, entry.at)) {
      const base = node.t === 'array' ? node.i : node;
      base.p ??= {};
      for (const [name, gone] of Object.entries(entry.fields)) {
        if (base.p[name]) throw new Error(`overlay: ${entry.in} ${entry.at}.${name} is still in the schema`);
        base.p[name] = { t: 'any', x: String(gone.removedIn), d: gone.instead };
      }
    }
  }
  for (const entry of overlay.since ?? []) {
    for (const [at, since] of Object.entries(entry.at)) for (const node of targets(kinds, entry, at)) node.s = String(since);
  }
}
