// The map step of the index: one file's text in, one FileSummary out. This is
// the only place that parses; everything downstream reads summaries.
import { resourceKey } from '../resourceKey';
import type { Document } from 'yaml';
import type { FileSummary, Finding, KindData, Resource } from '../model';
import { get, items, span, str, strRef, labels as readLabels } from '../parse/ast';
import { parseYamlFile, type ParseLimits, defaultLimits } from '../parse/yamlFile';
import { syntaxFindings, type DocumentRole } from '../parse/syntaxFindings';
import { extractKubeGateway, extractKubeRoute, extractListenerSet, extractReferenceGrant, GATEWAY_API_GROUP, ROUTE_KINDS } from './extractGatewayApi';
import { allIstioKinds, documentSchema, wrongApiVersion, istioKind, isGatewayApiGroup, isIstioGroup, splitApiVersion } from '../schema/schema';
import { validateDocument } from '../schema/validate';
import { removedKindFinding } from '../schema/removedKinds';
import { validateResource, validationRules } from '../validation';
import { extractDestinationRule, extractGateway, extractServiceEntry, extractSidecar, extractVirtualService, keySpan } from './extractNetworking';
import { extractMeshConfigMap, extractMeshGateway, extractVendorMesh, extractOperatorMesh, extractSailMesh, extractSecret, extractService, extractWorkload, podTemplate, withPhaseLabels } from './extractKubernetes';
import { extractDeploy, extractGenerated, withOperatorInstalls } from './extractInstalls';
import { runResourceAnalyzers } from '../analyzers/registry';
import { lineStarts } from '../text';
import { Rules, ruleFinding } from '../catalog';
import { isKustomizationFile, readKustomization } from '../kustomize/kustomization';
import { unreadDocuments } from './extractUnread';
import { templateObjects } from './openshiftTemplate';
import { testAssertion } from './testAssertions';
import { mayCreateServices } from '../index/operatorGroups';
import { extractAuthorizationPolicy, extractPeerAuthentication, extractRequestAuthentication } from './extractSecurity';
import { encryptedNote, readEncrypted, sopsEncrypted } from './encrypted';
import { chartInstalls, chartTemplateNamespace } from './chartInstallers';

export interface SummarizeOptions {
  defaultNamespace: string;
  limits?: ParseLimits;
  /** Given the file's syntax trees when they are those of the text as given, for a caller that would parse it again (a hover). */
  onParsed?: (docs: Document.Parsed[]) => void;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'ReplicaSet', 'Job']);
const BASE_REGISTRY_KINDS = ['Service', 'Namespace', 'ConfigMap', 'NetworkPolicy', 'Secret', ...WORKLOAD_KINDS];
// Kinds that create a Secret (cert-manager, External Secrets, Sealed Secrets): gateway credentials often come from them.
const SECRET_SOURCE_KINDS = new Set(['Certificate', 'ExternalSecret', 'SealedSecret']);
const REGISTRY_KINDS = new Set([...BASE_REGISTRY_KINDS, ...SECRET_SOURCE_KINDS]);
// A syntax error in these is an error: istio-ls checks them or its cross-file checks read them.
const CHECKED_KINDS = new Set([...BASE_REGISTRY_KINDS, 'IstioOperator', 'IstioMeshGateway', 'List']);
// GitOps resources that say where other resources or charts go (group/kind); k3s's HelmChart installs a chart.
const DEPLOY_KINDS = new Set([
  'kustomize.toolkit.fluxcd.io/Kustomization',
  'helm.toolkit.fluxcd.io/HelmRelease',
  'argoproj.io/Application',
  'argoproj.io/ApplicationSet',
  'helm.cattle.io/HelmChart',
]);

/** A chart's partials file (`templates/_helpers.tpl`, `templates/_disabled.yaml`): Helm never outputs it. */
const HELM_PARTIAL = /\/templates\/(?:[^/]+\/)*_[^/]*$/;

/** Resources from which a controller creates Services and pods (extractInstalls.ts extractGenerated). */
const GENERATOR_KINDS: Record<string, string> = {
  'flagger.app': 'Canary',
  'serving.knative.dev': 'Service',
};

/** The rules the parser, the schema walker and the summariser report (the analyzers declare their own). */
export const summaryRules = [
  Rules.YamlSyntax,
  Rules.TemplateSkipped,
  Rules.FileSkipped,
  Rules.DocumentNotAnalysed,
  Rules.OtherKindSyntax,
  Rules.SchemaValidation,
  Rules.DeprecatedField,
  Rules.UnquotedWildcardHost,
  ...validationRules,
] as const;

/**
 * The Sail Operator served its kinds under operator.istio.io/v1alpha1 before it moved them to sailoperator.io
 * (OpenShift Service Mesh 3.0 previews, 2023-2024): resources of another operator, not unknown Istio kinds.
 */
const SAIL_FORMER_KINDS = new Set(['Istio', 'IstioRevision', 'IstioRevisionTag', 'IstioCNI', 'RemoteIstio', 'ZTunnel']);

/** The Sail Operator's `Istio` (OpenShift Service Mesh 3), under its group or its former one: its `values.meshConfig` is the mesh config. */
/** OpenShift Service Mesh 2's and Kyma's control-plane resources: mesh config of their own form (extractVendorMesh). */
function isVendorMesh(group: string, kind: string): boolean {
  return (kind === 'ServiceMeshControlPlane' && group === 'maistra.io') || (kind === 'Istio' && group === 'operator.kyma-project.io');
}

function isSailIstio(group: string, kind: string): boolean {
  return kind === 'Istio' && (group === 'sailoperator.io' || group === 'operator.istio.io');
}

export function summarize(uri: string, text: string, options: SummarizeOptions): FileSummary {
  const assertion = testAssertion(uri, text) ?? (HELM_PARTIAL.test(uri) ? 'Helm renders no file of templates/ whose name starts with "_" (it holds named templates)' : undefined);
  if (assertion) {
    const note = ruleFinding(Rules.FileSkipped, { start: 0, end: 0 }, `File skipped: ${assertion}.`, null);
    return { uri, length: text.length, resources: [], findings: [note], lineStarts: lineStarts(text), documents: 0 };
  }
  // A caller that takes the syntax trees gets them whole.
  const parsed = parseYamlFile(text, options.limits ?? defaultLimits, true, !options.onParsed);
  if (parsed.whole) options.onParsed?.(parsed.docs);
  const findings: Finding[] = [...parsed.findings];
  const resources: Resource[] = [];
  // A broken document's range may end at its first error: its text runs to the next document.
  const rawEnd = (i: number) => parsed.docs[i + 1]?.range[0] ?? text.length;
  const roles = parsed.docs.map((doc, i) => documentRole(doc, text, rawEnd(i)));
  // Template syntax makes the values unknown until rendered: such a document is not read. In a
  // kind istio-ls does not read, `{{` in a value that parses (an Argo `{{args.x}}`, a CRD
  // description) is that tool's data.
  const templateAt = parsed.templateAt.map((at, i) => (parsed.docs[i].errors.length > 0 || roles[i].role === 'checked' ? at : undefined));
  findings.push(...syntaxFindings(text, { ...parsed, templateAt }, roles));
  const encrypted = parsed.docs.map((doc, i) => templateAt[i] === undefined && doc.errors.length === 0 && sopsEncrypted(doc.contents) && !readEncrypted(doc.contents));
  if (encrypted.some(Boolean)) findings.push(encryptedNote(encrypted.filter(Boolean).length, parsed.docs.length));
  parsed.docs.forEach((doc, docIndex) => {
    if (templateAt[docIndex] !== undefined || encrypted[docIndex]) return;
    // A broken document still names its resource for the cross-file checks, but its own
    // checks would only repeat its one syntax error (a cascade): they are dropped.
    const own: Finding[] = doc.errors.length > 0 ? [] : findings;
    try {
      readDocument(uri, doc, docIndex, options, own, resources);
    } catch (e) {
      // A document whose shape defeats the reader is reported, never fatal.
      own.push(ruleFinding(Rules.DocumentNotAnalysed, span(doc.contents) ?? { start: 0, end: 0 }, `This document could not be analysed: ${(e as Error).message}`, null));
    }
  });
  // After a syntax error the parser's ranges can end past the text: keep every span inside it.
  if (parsed.docs.some((d) => d.errors.length > 0)) clampSpans([resources, findings], text.length);
  const summary: FileSummary = { uri, length: text.length, resources, findings, lineStarts: lineStarts(text), documents: parsed.docs.length };
  // A document skipped for its template syntax or its encryption may still define Services and pods somewhere.
  if (templateAt.some((at) => at !== undefined) || encrypted.some(Boolean)) {
    const unread = parsed.docs.flatMap((doc, i) => (templateAt[i] !== undefined || encrypted[i] ? unreadDocuments(text.slice(doc.range[0], Math.max(doc.range[2], doc.errors.length > 0 ? rawEnd(i) : 0))) : []));
    if (unread.length > 0) summary.unread = unread;
  }
  const installs = chartInstalls(uri, parsed.docs) ?? chartTemplateNamespace(uri, resources, options.defaultNamespace);
  if (installs) summary.unread = [...(summary.unread ?? []), ...installs];
  const processed = parsed.docs.flatMap((doc, i) => (templateAt[i] === undefined && !encrypted[i] ? templateObjects(doc.contents) : []));
  if (processed.length) summary.unread = [...(summary.unread ?? []), ...processed];
  if (isKustomizationFile(uri)) {
    const kustomization = readKustomization(parsed.docs[0]?.contents);
    if (kustomization) summary.kustomization = kustomization;
  }
  return summary;
}

// Kinds that are configuration for a tool, never applied to a cluster.
const TOOL_CONFIG_GROUPS = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io', 'kind.x-k8s.io', 'skaffold']);

/** Whether a document is checked, another Kubernetes object, or not Kubernetes at all. */
function documentRole(doc: Document.Parsed, text: string, rawEnd: number): DocumentRole {
  const root = doc.contents;
  // A document that does not parse may still show its kind in its text.
  const source = doc.errors.length > 0 ? text.slice(doc.range[0], Math.max(doc.range[2], rawEnd)) : '';
  const apiVersion = str(get(root, 'apiVersion')) ?? /^apiVersion:[ \t]*["']?([^\s"'#]+)/m.exec(source)?.[1];
  const kind = str(get(root, 'kind')) ?? /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(source)?.[1];
  if (!kind) return get(root, 'metadata') || /^metadata:/m.test(source) ? { role: 'other' } : { role: 'none' };
  const group = apiVersion ? splitApiVersion(apiVersion).group : '';
  if (TOOL_CONFIG_GROUPS.has(group)) return { role: 'none' }; // a group never holds a slash (splitApiVersion)
  if (isIstioGroup(group) || isGatewayApiGroup(group) || CHECKED_KINDS.has(kind) || (!apiVersion && istioKindNames().has(kind))) return { role: 'checked', kind };
  return { role: 'other', kind };
}

let kindNames: Set<string> | undefined;
function istioKindNames(): Set<string> {
  kindNames ??= new Set(allIstioKinds().map((k) => k.kind));
  return kindNames;
}

/** Reads one document: a resource, or each item of a `kind: List` (what `kubectl get -o yaml` writes). */
function readDocument(uri: string, doc: Document.Parsed, docIndex: number, options: SummarizeOptions, findings: Finding[], out: Resource[]): void {
  const root = doc.contents;
  if (str(get(root, 'kind')) === 'List' && str(get(root, 'apiVersion')) === 'v1') {
    items(get(root, 'items')).forEach((item, listItem) => {
      const resource = readResource(uri, doc, item, docIndex, listItem, options, findings);
      if (resource) out.push(resource);
    });
    return;
  }
  const resource = readResource(uri, doc, root, docIndex, undefined, options, findings);
  if (resource) out.push(resource);
}

function clampSpans(value: unknown, length: number, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 50) return;
  if (Array.isArray(value)) {
    for (const v of value) clampSpans(v, length, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    o.start = Math.max(0, Math.min(o.start, length));
    o.end = Math.max(o.start as number, Math.min(o.end, length));
    return;
  }
  for (const v of Object.values(o)) clampSpans(v, length, depth + 1);
}

function readResource(
  uri: string,
  doc: Document.Parsed,
  root: unknown,
  docIndex: number,
  listItem: number | undefined,
  options: SummarizeOptions,
  findings: Finding[],
): Resource | undefined {
  const apiVersion = str(get(root, 'apiVersion'));
  const kind = str(get(root, 'kind'));
  if (!apiVersion || !kind) return undefined; // not a Kubernetes object: ignored silently
  // A strategic-merge patch (`$patch: delete`/`replace`) is an instruction to kustomize, not a resource.
  if (get(root, '$patch') !== undefined) return undefined;
  const { group } = splitApiVersion(apiVersion);
  const info = istioKind(apiVersion, kind);
  const istio = isIstioGroup(group);
  // Looked for once: whether the resource is read, its workload data and its waypoint label come from it.
  const pod = podTemplate(root, kind);
  // An operator's resource is kept (as 'Other') for its namespace: its controller may create Services there.
  const operated = !istio && !info && kind !== 'CustomResourceDefinition' && !TOOL_CONFIG_GROUPS.has(group) && mayCreateServices(apiVersion, kind) && !wrongApiVersion(apiVersion, kind, istio);
  const read = isSailIstio(group, kind) || isVendorMesh(group, kind) || (!istio && (REGISTRY_KINDS.has(kind) || DEPLOY_KINDS.has(`${group}/${kind}`) || GENERATOR_KINDS[group] === kind || pod !== undefined || operated));
  if (!info && !read) {
    const kindSpan = span(get(root, 'kind')) ?? span(root) ?? docSpan(doc);
    const removed = removedKindFinding(group, kind, kindSpan) ?? removedCrdFinding(root, kind, kindSpan);
    if (removed) findings.push(removed);
    // Only Istio's own groups are known in full: Service Mesh Manager's group has kinds (IstioControlPlane, IstioMesh) we do not model.
    else {
      const wrong = wrongApiVersion(apiVersion, kind, istio);
      if (wrong) findings.push(ruleFinding(Rules.SchemaValidation, span(get(root, 'apiVersion')) ?? kindSpan, wrong.message, null, { data: wrong.data }));
      else if (istio && group.endsWith('.istio.io') && !(group === 'operator.istio.io' && SAIL_FORMER_KINDS.has(kind))) {
        findings.push(ruleFinding(Rules.SchemaValidation, kindSpan, `Unknown Istio kind or version "${apiVersion}" ${kind}.`, null));
      }
    }
    return undefined;
  }
  const meta = get(root, 'metadata');
  const explicitNamespace = str(get(meta, 'namespace'));
  const name = str(get(meta, 'name')) ?? '';
  const namespace = kind === 'Namespace' ? name : explicitNamespace ?? options.defaultNamespace;
  const annotations = readLabels(get(meta, 'annotations'));
  const resource: Resource = {
    uri,
    apiVersion,
    kind,
    name,
    explicitNamespace,
    namespace,
    docIndex,
    ...(listItem !== undefined ? { listItem } : {}),
    span: listItem !== undefined ? span(root) ?? docSpan(doc) : docSpan(doc),
    kindSpan: span(get(root, 'kind')),
    apiVersionSpan: span(get(root, 'apiVersion')),
    nameSpan: span(get(meta, 'name')) ?? keySpan(root, 'metadata'),
    labels: readLabels(get(meta, 'labels')),
    suppress: suppressedCodes(annotations['galley.istio.io/analyze-suppress']),
    data: { kind: 'Other' },
    istio: !!info,
  };
  resource.data = extractData(root, kind, group, resource, pod);
  const waypoint = useWaypoint(resource.data.kind === 'Workload' ? get(pod, 'metadata', 'labels') : WAYPOINT_KINDS.has(kind) ? get(meta, 'labels') : undefined);
  if (waypoint) resource.useWaypoint = waypoint;
  if (info) {
    const key = resourceKey(resource);
    const schemaFindings = validateDocument(doc, documentSchema(info), key, root);
    findings.push(...schemaFindings);
    // The webhook checks read the document's root: the items of a `kind: List` get the schema checks only.
    if ((group === 'networking.istio.io' || group === 'security.istio.io') && listItem === undefined) findings.push(...validateResource(doc, kind, namespace, key, schemaFindings));
  }
  findings.push(...runResourceAnalyzers(resource));
  return resource;
}

/** The codes of istioctl's `galley.istio.io/analyze-suppress` annotation (comma-separated). */
function suppressedCodes(annotation: string | undefined): string[] {
  if (!annotation) return [];
  return annotation
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

// The objects whose own `istio.io/use-waypoint` label Istio reads (pods through their templates).
const WAYPOINT_KINDS = new Set(['Namespace', 'Service', 'ServiceEntry', 'WorkloadEntry']);

/** The waypoint a labels node names; `none` opts out and names none (ambient/waypoints.go GetUseWaypoint). */
function useWaypoint(labelsNode: unknown): Resource['useWaypoint'] {
  const name = strRef(get(labelsNode, 'istio.io/use-waypoint'));
  if (!name || name.value === '' || name.value === 'none') return undefined;
  const namespace = str(get(labelsNode, 'istio.io/use-waypoint-namespace'));
  return namespace ? { name, namespace } : { name };
}

/** A CustomResourceDefinition of a removed Istio group (istioctl reports these too). */
function removedCrdFinding(root: unknown, kind: string, at: { start: number; end: number }) {
  if (kind !== 'CustomResourceDefinition') return undefined;
  const group = str(get(root, 'spec', 'group'));
  return group ? removedKindFinding(group, str(get(root, 'spec', 'names', 'kind')) ?? '', at, true) : undefined;
}

function extractData(root: unknown, kind: string, group: string, resource: Resource, pod: unknown): KindData {
  const spec = get(root, 'spec');
  if (group.startsWith('networking.istio.io')) {
    switch (kind) {
      case 'Gateway':
        return extractGateway(spec);
      case 'VirtualService':
        return extractVirtualService(spec);
      case 'DestinationRule':
        return extractDestinationRule(spec);
      case 'ServiceEntry':
        return extractServiceEntry(spec, get(root, 'status', 'addresses'));
      case 'Sidecar':
        return extractSidecar(spec);
      case 'EnvoyFilter': {
        const selector = get(spec, 'workloadSelector', 'labels');
        return { kind: 'EnvoyFilter', workloadSelector: selector ? readLabels(selector) : undefined, targeted: items(get(spec, 'targetRefs')).length > 0 };
      }
      case 'WorkloadEntry':
        return { kind: 'WorkloadEntry', labels: readLabels(get(spec, 'labels')) };
    }
  }
  if (group === 'security.istio.io') {
    if (kind === 'AuthorizationPolicy') return extractAuthorizationPolicy(spec);
    if (kind === 'PeerAuthentication') return extractPeerAuthentication(spec);
    if (kind === 'RequestAuthentication') return extractRequestAuthentication(spec);
  }
  if (group === GATEWAY_API_GROUP) {
    if (kind === 'Gateway') return extractKubeGateway(root, resource);
    if (kind === 'ListenerSet') return extractListenerSet(root);
    if (ROUTE_KINDS.has(kind)) return extractKubeRoute(root, kind);
    if (kind === 'ReferenceGrant') return extractReferenceGrant(root);
    if (kind === 'GatewayClass') return { kind: 'GatewayClass', controllerName: str(get(root, 'spec', 'controllerName')) };
  }
  if (kind === 'IstioOperator') return withOperatorInstalls(extractOperatorMesh(root), root, resource);
  if (DEPLOY_KINDS.has(`${group}/${kind}`)) return extractDeploy(root, kind, resource);
  if (isSailIstio(group, kind)) return extractSailMesh(root);
  if (isVendorMesh(group, kind)) return extractVendorMesh(root, kind);
  if (GENERATOR_KINDS[group] === kind) return extractGenerated(root, group, resource);
  if (kind === 'IstioMeshGateway') return extractMeshGateway(root);
  if (kind === 'Service' && group === '') return extractService(root);
  if (kind === 'Secret' || SECRET_SOURCE_KINDS.has(kind)) return extractSecret(root, kind);
  if (pod !== undefined) return withPhaseLabels(extractWorkload(pod), root, group, kind);
  if (kind === 'ConfigMap' && str(get(root, 'metadata', 'name'))?.startsWith('istio') && get(root, 'data', 'mesh')) return extractMeshConfigMap(root);
  return { kind: 'Other' };
}

function docSpan(doc: Document.Parsed): { start: number; end: number } {
  const r = doc.range;
  return { start: r[0], end: r[2] ?? r[1] };
}


/** The summary of a file too large to read: one information finding, no resources. */
export function oversizeSummary(uri: string, size: number, limit: number): FileSummary {
  return {
    uri,
    length: 0,
    resources: [],
    findings: [ruleFinding(Rules.FileSkipped, { start: 0, end: 0 }, `File skipped: ${size} bytes is over the size limit of ${limit} (setting istio.maxFileSize).`, null)],
    lineStarts: [0],
    documents: 0,
  };
}
