// The Istio CRD structure generated at build time from @kubernetes-models/istio
// (scripts/gen-schema.mjs), plus the Kubernetes object envelope around it.
import generated from '@generated/schema.json';
import { distance } from './suggest';

export interface SchemaNode {
  /** object | array | string | number | boolean | any */
  t: string;
  /** Properties of an object. */
  p?: Record<string, SchemaNode>;
  /** Required property names. */
  r?: string[];
  /** Value schema of a map with free keys (labels, headers). */
  m?: SchemaNode;
  /** Item schema of an array. */
  i?: SchemaNode;
  /** Allowed string values. */
  e?: string[];
  /** The types accepted when `t` is `any` because of a union (int-or-string). */
  u?: string[];
  /** One-sentence description. */
  d?: string;
  /** The Istio release that added this field or kind (overlay/istio-api.yaml). */
  s?: string;
  /** Enum values added after the enum itself, with their release. */
  es?: Record<string, string>;
  /** Protobuf JSON: the proto's snake_case field names are accepted as well (MeshConfig). */
  j?: 1;
  /** The Istio release that removed this field (`d` says what replaces it). */
  x?: string;
}

interface GeneratedSchema {
  source: string;
  kinds: Record<string, SchemaNode>;
}

const data = generated as unknown as GeneratedSchema;

export const schemaSource = data.source;

const stringMap: SchemaNode = { t: 'object', m: { t: 'string' } };

const metadata: SchemaNode = {
  t: 'object',
  d: 'Standard Kubernetes object metadata: name, namespace, labels and annotations.',
  p: {
    name: { t: 'string', d: 'Name of the resource, unique within its namespace and kind.' },
    namespace: {
      t: 'string',
      d: 'Namespace of the resource. Without it, `kubectl apply` uses the current context namespace (istio-ls uses the setting `istio.defaultNamespace`).',
    },
    labels: { ...stringMap, d: 'Labels for selecting and organising resources.' },
    annotations: { ...stringMap, d: 'Annotations: non-identifying metadata. `galley.istio.io/analyze-suppress` lists codes to suppress.' },
    generateName: { t: 'string', d: 'Prefix for a server-generated name.' },
    uid: { t: 'string' },
    resourceVersion: { t: 'string' },
    generation: { t: 'number' },
    creationTimestamp: { t: 'any' },
    deletionTimestamp: { t: 'any' },
    deletionGracePeriodSeconds: { t: 'number' },
    finalizers: { t: 'array', i: { t: 'string' } },
    ownerReferences: { t: 'array', i: { t: 'object', m: { t: 'any' } } },
    managedFields: { t: 'array', i: { t: 'object', m: { t: 'any' } } },
    selfLink: { t: 'string' },
  },
};

export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  spec?: SchemaNode;
}

/** Splits `networking.istio.io/v1` into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

// Every resource of every file asks: the answers are kept per apiVersion and kind (a bounded number).
const kindInfos = new Map<string, Map<string, KindInfo | undefined>>();
let kindInfoCount = 0;

/** A kind istio-ls reads: Istio's, the installers' it knows, and the Gateway API's (with a schema where the version has one). Shared: never modify it. */
export function istioKind(apiVersion: string, kind: string): KindInfo | undefined {
  let byKind = kindInfos.get(apiVersion);
  if (byKind?.has(kind)) return byKind.get(kind);
  const info = findKind(apiVersion, kind);
  if (kindInfoCount < 10_000) {
    if (!byKind) kindInfos.set(apiVersion, (byKind = new Map()));
    byKind.set(kind, info);
    kindInfoCount++;
  }
  return info;
}

function findKind(apiVersion: string, kind: string): KindInfo | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const spec = data.kinds[`${group}/${version}/${kind}`];
  if (spec) return { group, version, kind, spec };
  // Versions the Gateway API served before (v1alpha2 HTTPRoute): read, checked for the envelope only.
  if (isGatewayApiGroup(group) && GATEWAY_API_KINDS.has(kind)) return { group, version, kind };
  // Kinds indexed without a generated schema: validated for the envelope only.
  // istioctl install merges the file over an install.istio.io base and never checks its apiVersion, so an
  // IstioOperator written under operator.istio.io (as some istio.io pages had it) installs all the same.
  if ((group === 'install.istio.io' || group === 'operator.istio.io') && kind === 'IstioOperator') return { group, version, kind };
  if (group === 'servicemesh.cisco.com' && kind === 'IstioMeshGateway') return { group, version, kind };
  return undefined;
}

const GATEWAY_API_KINDS = new Set(Object.keys(data.kinds).filter((k) => isGatewayApiGroup(k.split('/')[0])).map((k) => k.split('/')[2]));

/** The Kubernetes Gateway API (standard and experimental channels). */
export function isGatewayApiGroup(group: string): boolean {
  return group === 'gateway.networking.k8s.io' || group === 'gateway.networking.x-k8s.io';
}

/** True when the group belongs to Istio, whatever the version. */
export function isIstioGroup(group: string): boolean {
  return group.endsWith('.istio.io') || group === 'servicemesh.cisco.com';
}

/** Every (apiVersion, kind) pair of Istio's config groups that has a schema, for completion (not the installer's or vendor kinds). */
export function allIstioKinds(): { apiVersion: string; kind: string }[] {
  const offered = (group: string) => group.endsWith('.istio.io') && group !== 'install.istio.io';
  return Object.keys(data.kinds).filter((key) => offered(key.split('/')[0])).map((key) => {
    const parts = key.split('/');
    return { apiVersion: `${parts[0]}/${parts[1]}`, kind: parts[2] };
  });
}

const VERSION_RANK = ['v1', 'v1beta1', 'v1alpha3', 'v1alpha2', 'v1alpha1'];

/**
 * An Istio kind under an apiVersion that does not serve it (`networking.istio.io/v1beta`,
 * `networking.istoi.io/v1`): the mistake is the apiVersion, so the finding goes there,
 * with the version that serves the kind as its fix (data `enum` with the suggestion).
 * A group far from Istio's stays silent: it may be someone's own CRD of that name.
 */
export function wrongApiVersion(apiVersion: string, kind: string, istioGroup: boolean): { message: string; data: { kind: 'enum'; suggestion: string } } | undefined {
  const { group } = splitApiVersion(apiVersion);
  const served = allIstioKinds().filter((k) => k.kind === kind);
  if (served.length === 0) return undefined;
  const groups = [...new Set(served.map((k) => k.apiVersion.split('/')[0]))];
  if (!istioGroup && !groups.some((g) => distance(group, g) <= 2)) return undefined;
  const rank = (v: string) => {
    const i = VERSION_RANK.indexOf(v.split('/')[1]);
    return i < 0 ? VERSION_RANK.length : i;
  };
  const best = served.map((k) => k.apiVersion).sort((a, b) => rank(a) - rank(b))[0];
  return { message: `${kind} is not served under apiVersion "${apiVersion}": did you mean "${best}"?`, data: { kind: 'enum', suggestion: best } };
}

/** Every (apiVersion, kind) pair of the Gateway API's standard group that has a schema, for completion. */
export function allGatewayApiKinds(): { apiVersion: string; kind: string }[] {
  return Object.keys(data.kinds)
    .filter((key) => key.split('/')[0] === 'gateway.networking.k8s.io')
    .map((key) => {
      const parts = key.split('/');
      return { apiVersion: `${parts[0]}/${parts[1]}`, kind: parts[2] };
    });
}

/** The `spec` schemas of every API version of a group's kind. */
export function allSchemas(group: string, kind: string): SchemaNode[] {
  return Object.entries(data.kinds)
    .filter(([key]) => key.startsWith(`${group}/`) && key.split('/')[2] === kind)
    .map(([, node]) => node);
}

// One envelope per spec schema (and two for kinds without one), made on first use: the schema walk
// keeps a field Map on each object schema it walks, which a new envelope per document would make anew.
const envelopes = new WeakMap<SchemaNode, SchemaNode>();
const bareEnvelopes = new Map<boolean, SchemaNode>();

/** The document-level schema: the Kubernetes envelope with the kind's spec. Shared: never modify it. */
export function documentSchema(info: KindInfo): SchemaNode {
  const operator = info.kind === 'IstioOperator';
  const cached = info.spec ? (operator ? undefined : envelopes.get(info.spec)) : bareEnvelopes.get(operator);
  if (cached) return cached;
  const made = makeDocumentSchema(info);
  if (!info.spec) bareEnvelopes.set(operator, made);
  else if (!operator) envelopes.set(info.spec, made);
  return made;
}

function makeDocumentSchema(info: KindInfo): SchemaNode {
  const { s: since, ...spec } = info.spec ?? { t: 'object', m: { t: 'any' } };
  return {
    t: 'object',
    // Files for `istioctl install -f` carry no metadata (Istio's own profiles have none).
    r: info.kind === 'IstioOperator' ? ['apiVersion', 'kind'] : ['apiVersion', 'kind', 'metadata'],
    p: {
      apiVersion: { t: 'string', d: 'API group and version of the resource.' },
      // A kind newer than some releases carries its release on `kind`, where the validator reports it.
      kind: { t: 'string', d: 'The kind of resource.', ...(since ? { s: since } : {}) },
      metadata,
      spec,
      status: { t: 'object', m: { t: 'any' } },
    },
  };
}

/** The schema node at a path of keys (array indexes are skipped as numbers). */
export function schemaAt(root: SchemaNode, path: (string | number)[]): SchemaNode | undefined {
  let cur: SchemaNode | undefined = root;
  for (const step of path) {
    if (!cur) return undefined;
    if (typeof step === 'number') {
      cur = cur.i;
      continue;
    }
    cur = cur.p?.[step] ?? (cur.j ? cur.p?.[camelCase(step)] : undefined) ?? cur.m;
  }
  return cur;
}

/** `outbound_traffic_policy` → `outboundTrafficPolicy` (protobuf JSON accepts both). */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
