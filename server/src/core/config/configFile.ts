// `.istio-ls.yaml`: the repository's own settings, read by the CLI and the
// server alike, so CI and the editor judge a repository the same way. This
// module only turns the file's text into settings and findings; reading the
// file is the host's job. A mistake in the file never stops a check: the
// value in question is ignored (the default or the editor's setting applies)
// and a finding on the exact key or value says so.
import { parseDocument, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Finding, Severity, Span } from '../model';
import type { Settings } from '../settings';
import { catalog, ruleFinding, Rules } from '../catalog';
import { didYouMean } from '../schema/suggest';
import { normalizeIstioVersion } from '../schema/istioVersion';

export const CONFIG_FILE_NAME = '.istio-ls.yaml';

export interface ConfigFile {
  /** Only the settings the file sets (and sets validly). */
  settings: Partial<Settings>;
  /** Globs of paths to skip, relative to the folder that holds the file. */
  exclude: string[];
  findings: Finding[];
}

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
const KEYS = ['defaultNamespace', 'registry', 'outboundTrafficPolicy', 'istioVersion', 'knownHosts', 'knownGatewayLabels', 'exclude', 'severity', 'maxFileSize'] as const;
type Key = (typeof KEYS)[number];
/** Kubernetes namespace names are DNS-1123 labels. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_PART = /^([A-Za-z0-9.\-_/]+)=([A-Za-z0-9.\-_]*)$/;

export function parseConfigFile(text: string): ConfigFile {
  const result: ConfigFile = { settings: {}, exclude: [], findings: [] };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    // One finding: the first error explains the rest, and a half-read file is not trusted.
    const start = Math.min(syntax.pos[0], text.length);
    result.findings.push(invalid({ start, end: Math.min(text.length, Math.max(syntax.pos[1], start + 1)) }, `YAML syntax error: ${syntax.message.split('\n')[0]}; the configuration file is ignored.`));
    return result;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return result; // empty or comments only
  if (!isMap(root)) {
    result.findings.push(invalid(spanOf(root), 'The configuration must be a mapping of settings (defaultNamespace, registry, exclude, …); the file is ignored.'));
    return result;
  }
  for (const pair of (root as YAMLMap).items) readPair(pair, result);
  return result;
}

function readPair(pair: Pair, out: ConfigFile): void {
  const keyNode = pair.key as Node | null;
  const key = isScalar(keyNode) ? String(keyNode.value) : '';
  const keySpan = spanOf(keyNode);
  if (!(KEYS as readonly string[]).includes(key)) {
    const near = didYouMean(key, KEYS);
    out.findings.push(unknown(keySpan, `Unknown setting "${key}"${near ? `. Did you mean "${near}"?` : ''}; it is ignored. Settings: ${KEYS.join(', ')}.`));
    return;
  }
  const value = pair.value as Node | null;
  const at = spanOf(value) ?? keySpan ?? { start: 0, end: 0 };
  const read = readers[key as Key];
  read(value, at, out);
}

type Reader = (value: Node | null, at: Span, out: ConfigFile) => void;

const readers: Record<Key, Reader> = {
  defaultNamespace(value, at, out) {
    const v = scalarString(value);
    if (v === undefined || !NAMESPACE.test(v)) return bad(out, at, `defaultNamespace must be a namespace name (lower-case letters, digits and "-"); the setting is ignored.`);
    out.settings.defaultNamespace = v;
  },
  registry(value, at, out) {
    const v = oneOf(value, at, out, 'registry', ['partial', 'complete'] as const);
    if (v) out.settings.registry = v;
  },
  outboundTrafficPolicy(value, at, out) {
    const v = oneOf(value, at, out, 'outboundTrafficPolicy', ['ALLOW_ANY', 'REGISTRY_ONLY'] as const);
    if (v) out.settings.outboundTrafficPolicy = v;
  },
  istioVersion(value, at, out) {
    // `1.30` reads as the number 1.3: take the source text, as the user wrote it.
    const v = isScalar(value) ? (typeof value.source === 'string' ? value.source : scalarString(value)) : undefined;
    const version = normalizeIstioVersion(v);
    if (!version) return bad(out, at, `istioVersion must be an Istio release such as "1.29" (quote it); the setting is ignored.`);
    out.settings.istioVersion = version;
  },
  knownHosts(value, at, out) {
    const list = stringList(value, at, out, 'knownHosts', 'a host name');
    if (list) out.settings.knownHosts = list;
  },
  exclude(value, at, out) {
    const list = stringList(value, at, out, 'exclude', 'a glob such as charts/**');
    if (list) out.exclude = list;
  },
  knownGatewayLabels(value, at, out) {
    if (!isSeq(value)) return bad(out, at, 'knownGatewayLabels must be a list of label sets ("key=value,key=value" or a mapping); the setting is ignored.');
    const sets: string[] = [];
    for (const item of value.items as (Node | null)[]) {
      const set = labelSet(item);
      if (set) sets.push(set);
      else bad(out, spanOf(item) ?? at, 'A gateway label set is "key=value[,key=value]" or a mapping of labels; this entry is ignored.');
    }
    out.settings.knownGatewayLabels = sets;
  },
  severity(value, at, out) {
    if (!isMap(value)) return bad(out, at, `severity must be a mapping of diagnostic codes to ${SEVERITIES.join(', ')}; the setting is ignored.`);
    const severity: Record<string, Severity | 'off'> = {};
    for (const pair of value.items) {
      const code = scalarString(pair.key as Node | null);
      const keySpan = spanOf(pair.key as Node | null) ?? at;
      const level = scalarString(pair.value as Node | null);
      if (code === undefined) {
        bad(out, keySpan, 'A severity override is keyed by a diagnostic code such as ILS0303; this entry is ignored.');
        continue;
      }
      if (level === undefined || !(SEVERITIES as readonly string[]).includes(level)) {
        bad(out, spanOf(pair.value as Node | null) ?? keySpan, `The severity of ${code} must be one of ${SEVERITIES.join(', ')}; this override is ignored.`);
        continue;
      }
      // Applied even when unknown: a code added by a newer istio-ls must not break an older one's CI.
      if (!catalog[code]) {
        const near = didYouMean(code, Object.keys(catalog));
        out.findings.push(unknown(keySpan, `istio-ls has no diagnostic ${code}${near ? `. Did you mean ${near}?` : ''}; the override has no effect.`));
      }
      severity[code] = level as Severity | 'off';
    }
    out.settings.severity = severity;
  },
  maxFileSize(value, at, out) {
    const v = isScalar(value) ? value.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return bad(out, at, 'maxFileSize must be a positive number of bytes; the setting is ignored.');
    out.settings.maxFileSize = v;
  },
};

function oneOf<T extends string>(value: Node | null, at: Span, out: ConfigFile, name: string, allowed: readonly T[]): T | undefined {
  const v = scalarString(value);
  if (v !== undefined && (allowed as readonly string[]).includes(v)) return v as T;
  const near = v === undefined ? undefined : didYouMean(v, allowed);
  bad(out, at, `${name} must be ${allowed.map((a) => `"${a}"`).join(' or ')}${near ? ` (did you mean "${near}"?)` : ''}; the setting is ignored.`);
  return undefined;
}

function stringList(value: Node | null, at: Span, out: ConfigFile, name: string, what: string): string[] | undefined {
  if (!isSeq(value)) {
    bad(out, at, `${name} must be a list, each entry ${what}; the setting is ignored.`);
    return undefined;
  }
  const list: string[] = [];
  for (const item of value.items as (Node | null)[]) {
    const s = scalarString(item);
    if (s && s.trim()) list.push(s.trim());
    else bad(out, spanOf(item) ?? at, `Each entry of ${name} is ${what}; this entry is ignored.`);
  }
  return list;
}

/** `key=value[,key=value]`, or a mapping of labels turned into that form. */
function labelSet(node: Node | null): string | undefined {
  if (isMap(node)) {
    const parts: string[] = [];
    for (const pair of node.items) {
      const k = scalarString(pair.key as Node | null);
      const v = scalarString(pair.value as Node | null);
      if (!k || v === undefined || !LABEL_PART.test(`${k}=${v}`)) return undefined;
      parts.push(`${k}=${v}`);
    }
    return parts.length ? parts.join(',') : undefined;
  }
  const s = scalarString(node);
  if (!s) return undefined;
  const parts = s.split(',').map((p) => p.trim());
  return parts.every((p) => LABEL_PART.test(p)) ? parts.join(',') : undefined;
}

/** A scalar's value as text (numbers and booleans too: `defaultNamespace: 2024` is a name). */
function scalarString(node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

function spanOf(node: Node | null | undefined): Span | undefined {
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined;
}

function bad(out: ConfigFile, span: Span, message: string): void {
  out.findings.push(invalid(span, message));
}

function invalid(span: Span | undefined, message: string): Finding {
  return ruleFinding(Rules.ConfigInvalidValue, span ?? { start: 0, end: 0 }, message, null);
}

function unknown(span: Span | undefined, message: string): Finding {
  return ruleFinding(Rules.ConfigUnknownSetting, span ?? { start: 0, end: 0 }, message, null);
}
