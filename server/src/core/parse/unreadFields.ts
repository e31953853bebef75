// A Deployment's containers carry env, probes, resources and volume mounts
// that no rule of istio-ls reads (the summary takes a pod template's labels,
// annotations, service account and container ports), and workloads are about
// half of the nodes of a GitOps repository. Before such a document is
// composed, the value of each of those fields in its syntax tree (CST) is
// replaced by an empty scalar spanning the same text, so the composer makes
// no nodes for it. Only a value whose composition can report nothing is
// replaced: block mappings and lists of single-line plain or quoted scalars,
// unique plain keys, no tabs, anchors, aliases, tags, flow collections, block
// scalars, or comments other than after a scalar and a space. Anything else
// is composed as before, so every YAML error and duplicate key is still
// reported, by the `yaml` package. The offsets of everything around a
// replaced value stay those of the text. A reader of a workload's tree that
// starts reading one of these fields must take it out of the lists below.
import type { CST } from 'yaml';

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type BlockMap = CST.BlockMap;

const WORKLOADS = new Map([
  ['apps/v1', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']],
  ['batch/v1', ['Job', 'CronJob']],
  ['v1', ['Pod']],
]);
const WORKLOAD_FIELDS = new Set(['selector', 'strategy', 'updateStrategy', 'volumeClaimTemplates']);
const POD_FIELDS = new Set(['volumes', 'affinity', 'tolerations', 'topologySpreadConstraints', 'securityContext', 'dnsConfig']);
const CONTAINER_FIELDS = new Set(['env', 'envFrom', 'livenessProbe', 'readinessProbe', 'startupProbe', 'resources', 'volumeMounts', 'securityContext', 'lifecycle', 'args', 'command']);

/** Replaces the unread fields of a workload document's containers and pod spec (see above); other documents are left alone. */
export function skipUnreadFields(doc: CST.Document): boolean {
  const root = doc.value;
  if (root?.type !== 'block-map') return false;
  const kind = scalarText(itemOf(root, 'kind')?.value);
  const apiVersion = scalarText(itemOf(root, 'apiVersion')?.value);
  if (!kind || !apiVersion || !WORKLOADS.get(apiVersion)?.includes(kind)) return false;
  const spec = itemOf(root, 'spec')?.value;
  let skipped = kind !== 'Pod' && kind !== 'CronJob' && spec?.type === 'block-map' && skipFields(spec, WORKLOAD_FIELDS);
  let pod: Token | undefined = spec;
  if (kind === 'CronJob') pod = valueAt(pod, 'jobTemplate', 'spec');
  if (kind !== 'Pod') pod = valueAt(pod, 'template', 'spec');
  if (pod?.type !== 'block-map') return skipped;
  if (skipFields(pod, POD_FIELDS)) skipped = true;
  for (const list of ['containers', 'initContainers']) {
    const containers = itemOf(pod, list)?.value;
    if (containers?.type !== 'block-seq') continue;
    for (const item of containers.items) if (item.value?.type === 'block-map' && skipFields(item.value, CONTAINER_FIELDS)) skipped = true;
  }
  return skipped;
}

function skipFields(map: BlockMap, fields: Set<string>): boolean {
  let skipped = false;
  for (const item of map.items) {
    const value = item.value;
    if (!value || (value.type !== 'block-map' && value.type !== 'block-seq')) continue;
    if (item.key?.type !== 'scalar' || !fields.has(item.key.source)) continue;
    // The pair's own separator is read with the value (a compact mapping, a tab before a block).
    if (!item.sep || !plainSeparator(item.sep, true) || !composesQuietly(value, 0)) continue;
    const end = endOf(value);
    item.value = { type: 'scalar', offset: value.offset, indent: value.indent, source: '', end: [{ type: 'space', offset: value.offset, indent: value.indent, source: ' '.repeat(end - value.offset) }] };
    skipped = true;
  }
  return skipped;
}

/** True when composing this token can report no error or warning (a conservative test: false is always safe). */
function composesQuietly(token: Token, depth: number): boolean {
  if (depth > 32) return false;
  switch (token.type) {
    case 'block-map': {
      const keys = new Set<string>();
      for (const item of token.items) {
        const key = item.key;
        if (!onlySpace(item.start) || !item.sep || !plainSeparator(item.sep, item.value?.type === 'block-map' || item.value?.type === 'block-seq')) return false;
        if (key?.type !== 'scalar' || key.end?.length || key.indent !== token.indent || !PLAIN_KEY.test(key.source) || keys.has(key.source)) return false;
        keys.add(key.source);
        if (!item.value || !composesQuietly(item.value, depth + 1)) return false;
      }
      return token.items.length > 0;
    }
    case 'block-seq':
      for (const item of token.items) {
        let indicators = 0;
        for (const t of item.start) {
          if (t.type === 'seq-item-ind') indicators++;
          else if (!isSpace(t)) return false;
        }
        if (indicators !== 1 || !item.value || !composesQuietly(item.value, depth + 1)) return false;
      }
      return token.items.length > 0;
    case 'scalar':
      return !token.source.includes('\n') && !BAD_PLAIN_START.has(token.source[0] ?? '') && quietEnd(token.end);
    case 'single-quoted-scalar':
      return token.source.length > 1 && token.source.endsWith("'") && !token.source.includes('\n') && quietEnd(token.end);
    case 'double-quoted-scalar':
      return token.source.length > 1 && token.source.endsWith('"') && !token.source.includes('\n') && !token.source.includes('\\') && quietEnd(token.end);
    default:
      return false;
  }
}

// A key that the core schema reads as a string equal to its text (so equal keys have equal text).
const PLAIN_KEY = /^(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$)[A-Za-z_][\w.\/-]{0,200}$/;
// First characters the composer reports on a plain scalar.
const BAD_PLAIN_START = new Set(['\t', ',', '%', '|', '>', '@', '`', '']);

function isSpace(t: SourceToken): boolean {
  return t.type === 'newline' || (t.type === 'space' && !t.source.includes('\t'));
}

function onlySpace(tokens: SourceToken[]): boolean {
  return tokens.every(isSpace);
}

/** `:` first, then spaces and line breaks only (one line break at least before a block value). */
function plainSeparator(sep: SourceToken[], blockValue: boolean): boolean {
  if (sep[0]?.type !== 'map-value-ind') return false;
  let newline = false;
  for (let i = 1; i < sep.length; i++) {
    if (!isSpace(sep[i])) return false;
    if (sep[i].type === 'newline') newline = true;
  }
  return newline || !blockValue;
}

/** A scalar's trailing tokens: spaces, line breaks, and comments after a space. */
function quietEnd(end: SourceToken[] | undefined): boolean {
  let space = false;
  for (const t of end ?? []) {
    if (t.type === 'comment') {
      if (!space) return false;
    } else if (!isSpace(t)) return false;
    else space = true;
  }
  return true;
}

/** Where the composed node's range ends: after the last token of the value, its trailing tokens included. */
function endOf(token: Token): number {
  if (token.type === 'block-map' || token.type === 'block-seq') return endOf(token.items[token.items.length - 1].value!);
  const t = token as { offset: number; source: string; end?: SourceToken[] };
  const last = t.end?.[t.end.length - 1];
  return last ? last.offset + last.source.length : t.offset + t.source.length;
}

function itemOf(map: BlockMap, key: string): BlockMap['items'][number] | undefined {
  return map.items.find((item) => item.key?.type === 'scalar' && item.key.source === key);
}

function valueAt(token: Token | undefined, ...keys: string[]): Token | undefined {
  for (const key of keys) {
    if (token?.type !== 'block-map') return undefined;
    token = itemOf(token, key)?.value;
  }
  return token;
}

function scalarText(token: Token | undefined): string | undefined {
  if (token?.type === 'scalar') return token.source;
  if (token?.type === 'single-quoted-scalar' || token?.type === 'double-quoted-scalar') return token.source.slice(1, -1);
  return undefined;
}
