// The map step of the index: one file's text in, one FileSummary out. This is
// the only place that parses; everything downstream reads summaries.
import type { Document } from 'yaml';
import type { FileSummary, Finding, KindData, Resource } from '../model';
import { get, span, str, labels as readLabels } from '../parse/ast';
import { parseYamlFile, type ParseLimits, defaultLimits } from '../parse/yamlFile';
import { documentSchema, istioKind, isIstioGroup, splitApiVersion } from '../schema/schema';
import { validateDocument } from '../schema/validate';
import { removedKindFinding } from '../schema/removedKinds';
import { validateResource, validationRules } from '../validation';
import { extractDestinationRule, extractGateway, extractServiceEntry, extractSidecar, extractVirtualService, keySpan } from './extractNetworking';
import { extractMeshConfigMap, extractMeshGateway, extractOperatorMesh, extractService, extractWorkload } from './extractKubernetes';
import { runResourceAnalyzers } from '../analyzers/registry';
import { lineStarts } from '../text';
import { Rules, ruleFinding } from '../catalog';

export interface SummarizeOptions {
  defaultNamespace: string;
  limits?: ParseLimits;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'ReplicaSet', 'Job']);
const REGISTRY_KINDS = new Set(['Service', 'Namespace', 'ConfigMap', 'NetworkPolicy', 'Secret', ...WORKLOAD_KINDS]);

/** The rules the parser, the schema walker and the summariser report (the analyzers declare their own). */
export const summaryRules = [
  Rules.YamlSyntax,
  Rules.TemplateSkipped,
  Rules.FileSkipped,
  Rules.DocumentNotAnalysed,
  Rules.SchemaValidation,
  Rules.DeprecatedField,
  Rules.UnquotedWildcardHost,
  ...validationRules,
] as const;

export function summarize(uri: string, text: string, options: SummarizeOptions): FileSummary {
  const parsed = parseYamlFile(text, options.limits ?? defaultLimits);
  const findings: Finding[] = [...parsed.findings];
  const resources: Resource[] = [];
  parsed.docs.forEach((doc, docIndex) => {
    try {
      const resource = readResource(uri, doc, docIndex, options, findings);
      if (resource) resources.push(resource);
    } catch (e) {
      // A document whose shape defeats the reader is reported, never fatal.
      findings.push(ruleFinding(Rules.DocumentNotAnalysed, span(doc.contents) ?? { start: 0, end: 0 }, `This document could not be analysed: ${(e as Error).message}`, null));
    }
  });
  // After a syntax error the parser's ranges can end past the text: keep every span inside it.
  if (parsed.docs.some((d) => d.errors.length > 0)) clampSpans([resources, findings], text.length);
  return { uri, length: text.length, resources, findings, lineStarts: lineStarts(text), documents: parsed.docs.length };
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

function readResource(uri: string, doc: Document.Parsed, docIndex: number, options: SummarizeOptions, findings: Finding[]): Resource | undefined {
  const root = doc.contents;
  const apiVersion = str(get(root, 'apiVersion'));
  const kind = str(get(root, 'kind'));
  if (!apiVersion || !kind) return undefined; // not a Kubernetes object: ignored silently
  const { group } = splitApiVersion(apiVersion);
  const info = istioKind(apiVersion, kind);
  const istio = isIstioGroup(group);
  if (!info && !(REGISTRY_KINDS.has(kind) && !istio)) {
    const kindSpan = span(get(root, 'kind')) ?? span(root)!;
    const removed = removedKindFinding(group, kind, kindSpan) ?? removedCrdFinding(root, kind, kindSpan);
    if (removed) findings.push(removed);
    else if (istio) {
      findings.push(ruleFinding(Rules.SchemaValidation, kindSpan, `Unknown Istio kind or version "${apiVersion}" ${kind}.`, null));
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
    span: docSpan(doc),
    kindSpan: span(get(root, 'kind')),
    apiVersionSpan: span(get(root, 'apiVersion')),
    nameSpan: span(get(meta, 'name')) ?? keySpan(root, 'metadata'),
    labels: readLabels(get(meta, 'labels')),
    suppress: (annotations['galley.istio.io/analyze-suppress'] ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    data: extractData(root, kind, group),
    istio: !!info,
  };
  if (info) {
    const schemaFindings = validateDocument(doc, documentSchema(info), resourceKey(resource));
    findings.push(...schemaFindings);
    if (group.startsWith('networking.istio.io')) findings.push(...validateResource(doc, kind, namespace, resourceKey(resource), schemaFindings));
  }
  findings.push(...runResourceAnalyzers(resource));
  return resource;
}

/** A CustomResourceDefinition of a removed Istio group (istioctl reports these too). */
function removedCrdFinding(root: unknown, kind: string, at: { start: number; end: number }) {
  if (kind !== 'CustomResourceDefinition') return undefined;
  const group = str(get(root, 'spec', 'group'));
  return group ? removedKindFinding(group, str(get(root, 'spec', 'names', 'kind')) ?? '', at, true) : undefined;
}

function extractData(root: unknown, kind: string, group: string): KindData {
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
        return extractServiceEntry(spec);
      case 'Sidecar':
        return extractSidecar(spec);
      case 'WorkloadEntry':
        return { kind: 'WorkloadEntry', labels: readLabels(get(spec, 'labels')) };
    }
  }
  if (kind === 'IstioOperator') return extractOperatorMesh(root);
  if (kind === 'IstioMeshGateway') return extractMeshGateway(root);
  if (kind === 'Service' && group === '') return extractService(root);
  if (WORKLOAD_KINDS.has(kind)) return extractWorkload(root, kind);
  if (kind === 'ConfigMap' && str(get(root, 'metadata', 'name'))?.startsWith('istio') && get(root, 'data', 'mesh')) return extractMeshConfigMap(root);
  return { kind: 'Other' };
}

function docSpan(doc: Document.Parsed): { start: number; end: number } {
  const r = doc.range;
  return { start: r[0], end: r[2] ?? r[1] };
}

export function resourceKey(r: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return `${r.kind}/${r.namespace}/${r.name}`;
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
