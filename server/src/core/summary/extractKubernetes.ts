// Reads the Kubernetes kinds that feed the service registry and workload
// labels: Services, pod templates, the mesh config, IstioMeshGateway.
import { parseDocument } from 'yaml';
import type { Labels, MeshConfigData, MeshGatewayData, PortRef, SecretData, ServiceData, Span, WorkloadData } from '../model';
import { findPair, get, items, labels, span, str, strRef } from '../parse/ast';
import { meshSecurity } from './extractSecurity';
import { portRef } from './extractNetworking';

export function extractService(doc: unknown): ServiceData {
  const spec = get(doc, 'spec');
  return {
    kind: 'Service',
    selector: labels(get(spec, 'selector')),
    ports: items(get(spec, 'ports'))
      .map((p) => portRef(p, 'port'))
      .filter((p): p is PortRef => !!p),
    type: str(get(spec, 'type')),
    exportTo: serviceExportTo(str(get(doc, 'metadata', 'annotations', 'networking.istio.io/exportTo'))),
  };
}

/** `networking.istio.io/exportTo: "., istio-system"` limits the Service's visibility as `exportTo` does for Istio kinds. */
function serviceExportTo(annotation: string | undefined): string[] | undefined {
  if (annotation === undefined) return undefined;
  const list = annotation.split(',').map((e) => e.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/**
 * The pod template of anything that runs pods: a Pod itself, a CronJob's job
 * template, and every kind with `spec.template` holding pod metadata or
 * containers (Deployment, StatefulSet, DaemonSet, Job, ReplicaSet, Argo
 * Rollouts, Knative Services, OpenShift DeploymentConfigs…).
 */
export function podTemplate(doc: unknown, kind: string): unknown {
  if (kind === 'Pod') return get(doc, 'spec', 'containers') ? doc : undefined;
  const template = kind === 'CronJob' ? get(doc, 'spec', 'jobTemplate', 'spec', 'template') : get(doc, 'spec', 'template');
  return get(template, 'metadata', 'labels') || get(template, 'spec', 'containers') ? template : undefined;
}

/** The labels, annotations and ports of a pod template (see podTemplate). */
export function extractWorkload(pod: unknown): WorkloadData {
  const meta = get(pod, 'metadata');
  const annotationsNode = get(meta, 'annotations');
  const annotationSpans: Record<string, Span> = {};
  for (const item of (annotationsNode as { items?: unknown[] } | undefined)?.items ?? []) {
    const key = str((item as { key?: unknown }).key);
    const s = span((item as { value?: unknown }).value);
    if (key && s) annotationSpans[key] = s;
  }
  const ports: number[] = [];
  for (const c of items(get(pod, 'spec', 'containers'))) {
    for (const p of items(get(c, 'ports'))) {
      const n = Number(str(get(p, 'containerPort')));
      if (Number.isFinite(n)) ports.push(n);
    }
  }
  const serviceAccount = str(get(pod, 'spec', 'serviceAccountName')) ?? str(get(pod, 'spec', 'serviceAccount')) ?? 'default';
  return { kind: 'Workload', labels: labels(get(meta, 'labels')), annotations: labels(annotationsNode), annotationSpans, ports, serviceAccount };
}

/**
 * Argo Rollouts labels some of a Rollout's pods while they are stable or canary (canaryMetadata,
 * stableMetadata) or active or preview (blueGreen activeMetadata, previewMetadata): DestinationRule subsets
 * select them by those labels (Istio matches subsets against the live pods' labels).
 */
export function withPhaseLabels(workload: WorkloadData, root: unknown, group: string, kind: string): WorkloadData {
  if (group !== 'argoproj.io' || kind !== 'Rollout') return workload;
  const phases: Labels[] = [];
  for (const [strategy, keys] of [['canary', ['canaryMetadata', 'stableMetadata']], ['blueGreen', ['activeMetadata', 'previewMetadata']]] as const) {
    for (const key of keys) {
      const added = labels(get(root, 'spec', 'strategy', strategy, key, 'labels'));
      if (Object.keys(added).length > 0) phases.push({ ...workload.labels, ...added });
    }
  }
  return phases.length ? { ...workload, phaseLabels: phases } : workload;
}

/** IstioOperator `spec.meshConfig`. */
export function extractOperatorMesh(doc: unknown): MeshConfigData {
  const mesh = get(doc, 'spec', 'meshConfig');
  const at = span(mesh);
  return {
    kind: 'MeshConfig',
    outboundPolicy: strRef(get(mesh, 'outboundTrafficPolicy', 'mode')),
    rootNamespace: str(get(mesh, 'rootNamespace')),
    operator: true,
    ...(at ? { security: meshSecurity(mesh, span(findPair(get(doc, 'spec'), 'meshConfig')?.key) ?? at) } : {}),
  };
}

/** The Sail Operator's `Istio`: `spec.values` are istiod's chart values, so `values.meshConfig` is the whole mesh config. */
export function extractSailMesh(doc: unknown): MeshConfigData {
  const mesh = get(doc, 'spec', 'values', 'meshConfig');
  const at = span(mesh);
  return {
    kind: 'MeshConfig',
    outboundPolicy: strRef(get(mesh, 'outboundTrafficPolicy', 'mode')),
    rootNamespace: str(get(mesh, 'rootNamespace')),
    ...(at ? { security: meshSecurity(mesh, span(findPair(get(doc, 'spec', 'values'), 'meshConfig')?.key) ?? at) } : {}),
  };
}

/**
 * Vendors' control planes: OpenShift Service Mesh 2's ServiceMeshControlPlane (`spec.meshConfig`, merged
 * with what its other fields generate) and Kyma's `Istio` (`spec.config.authorizers`, which Kyma's operator
 * makes extension providers). Partial: the rest of the mesh config comes from the vendor's defaults.
 */
export function extractVendorMesh(doc: unknown, kind: string): MeshConfigData {
  if (kind === 'ServiceMeshControlPlane') {
    const mesh = get(doc, 'spec', 'meshConfig');
    const at = span(mesh) ?? span(doc) ?? { start: 0, end: 0 };
    return { kind: 'MeshConfig', outboundPolicy: strRef(get(mesh, 'outboundTrafficPolicy', 'mode')), security: { ...meshSecurity(mesh, at), partial: true } };
  }
  const authorizers = items(get(doc, 'spec', 'config', 'authorizers')).map((a) => str(get(a, 'name'))).filter((n): n is string => !!n);
  const at = span(get(doc, 'spec', 'config')) ?? span(doc) ?? { start: 0, end: 0 };
  return { kind: 'MeshConfig', security: { trustDomainAliases: [], extensionProviders: authorizers, span: at, partial: true } };
}

/** The `istio` ConfigMap: `data.mesh` is itself a YAML document in a string. */
export function extractMeshConfigMap(doc: unknown): MeshConfigData {
  const meshNode = get(doc, 'data', 'mesh');
  const text = str(meshNode);
  const at = span(meshNode);
  if (!text || !at) return { kind: 'MeshConfig' };
  const inner = parseDocument(text);
  const mode = str(get(inner.contents, 'outboundTrafficPolicy', 'mode'));
  const rootNamespace = str(get(inner.contents, 'rootNamespace'));
  // Spans inside the embedded text do not map onto the file: findings point at the `mesh` value.
  return { kind: 'MeshConfig', outboundPolicy: mode ? { value: mode, span: at } : undefined, rootNamespace, security: meshSecurity(inner.contents, at) };
}

export function extractMeshGateway(doc: unknown): MeshGatewayData {
  const spec = get(doc, 'spec');
  const runAsRoot = (get(spec, 'runAsRoot') as { value?: unknown } | undefined)?.value === true;
  return {
    kind: 'IstioMeshGateway',
    gatewayType: str(get(spec, 'type')),
    runAsRoot,
    ports: items(get(spec, 'service', 'ports'))
      .map((p) => portRef(p, 'port'))
      .filter((p): p is PortRef => !!p),
    // Both the deployment's own labels and its pods' labels end up on the gateway pods.
    labels: { ...labels(get(spec, 'deployment', 'metadata', 'labels')), ...labels(get(spec, 'deployment', 'podMetadata', 'labels')) },
  };
}


/** The Secret a Secret, Certificate (spec.secretName), ExternalSecret (spec.target.name) or SealedSecret (spec.template.metadata.name) stands for. */
export function extractSecret(doc: unknown, kind: string): SecretData {
  const name = str(get(doc, 'metadata', 'name')) ?? '';
  const spec = get(doc, 'spec');
  const made = kind === 'Certificate' ? str(get(spec, 'secretName')) : kind === 'ExternalSecret' ? str(get(spec, 'target', 'name')) : kind === 'SealedSecret' ? str(get(spec, 'template', 'metadata', 'name')) : undefined;
  return { kind: 'Secret', secretName: made ?? name };
}
