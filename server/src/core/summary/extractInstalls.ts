// What installers create without a file saying so: the gateway Deployments
// and Services of an IstioOperator (operator/pkg/component/component.go: a
// gateway component's `label` map is merged over the chart's default labels,
// its namespace defaults to the install namespace, then istio-system), and
// the istio/gateway Helm chart (manifests/charts/gateway/templates/_helpers.tpl:
// pods labelled `app: <name>` and `istio: <name without "istio-">`, a Service
// `<name>`, where the name is `values.name` or the release name) when a Flux
// HelmRelease or an Argo CD Application installs it.
import type { DeployData, Installs, Labels, MeshConfigData, Resource, Span } from '../model';
import { get, items, labels, span, str } from '../parse/ast';
import { parseDocument } from 'yaml';
import { CLUSTER_DOMAIN } from '../hosts';
import { meshSecurity } from './extractSecurity';
import { extractWorkload, podTemplate } from './extractKubernetes';

const DEFAULT_GATEWAYS = {
  ingressGateways: { name: 'istio-ingressgateway', labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
  egressGateways: { name: 'istio-egressgateway', labels: { app: 'istio-egressgateway', istio: 'egressgateway' } },
} as const;

/** The gateways and control-plane Service an IstioOperator installs. */
export function operatorInstalls(doc: unknown, owner: Resource): Installs {
  const spec = get(doc, 'spec');
  const installNamespace = str(get(spec, 'namespace')) ?? str(get(spec, 'values', 'global', 'istioNamespace')) ?? owner.explicitNamespace ?? 'istio-system';
  const out: Installs = { workloads: [], hosts: [`istiod.${installNamespace}.${CLUSTER_DOMAIN}`] };
  for (const list of ['ingressGateways', 'egressGateways'] as const) {
    for (const c of items(get(spec, 'components', list))) {
      if (str(get(c, 'enabled')) === 'false') continue;
      const name = str(get(c, 'name')) ?? DEFAULT_GATEWAYS[list].name;
      const namespace = str(get(c, 'namespace')) ?? installNamespace;
      const podLabels = { ...DEFAULT_GATEWAYS[list].labels, ...labels(get(c, 'label')), ...overlayPodLabels(c, name) };
      addGateway(out, owner, name, namespace, podLabels, span(c) ?? owner.span);
    }
  }
  // The default gateways of a namespace other than istio-system (istio-system's are built in).
  if (installNamespace !== 'istio-system') {
    for (const g of Object.values(DEFAULT_GATEWAYS)) out.hosts.push(`${g.name}.${installNamespace}.${CLUSTER_DOMAIN}`);
  }
  return out;
}

/**
 * Pod labels a component's `k8s.overlays` patch into its Deployment
 * (`path: spec.template.metadata.labels.<key>`), as older guides did before
 * `label` existed (operator/pkg/render/postprocess.go: overlays patch the rendered objects).
 */
function overlayPodLabels(component: unknown, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of items(get(component, 'k8s', 'overlays'))) {
    if (str(get(o, 'kind')) !== 'Deployment' || (str(get(o, 'name')) ?? name) !== name) continue;
    for (const p of items(get(o, 'patches'))) {
      const m = /^spec\.template\.metadata\.labels\.([^.[\]]+)$/.exec(str(get(p, 'path')) ?? '');
      const value = str(get(p, 'value'));
      if (m && value !== undefined) out[m[1]] = value;
    }
  }
  return out;
}

export function withOperatorInstalls(mesh: MeshConfigData, doc: unknown, owner: Resource): MeshConfigData {
  return { ...mesh, installs: operatorInstalls(doc, owner) };
}

/** Flux `Kustomization`/`HelmRelease`, Argo CD `Application`/`ApplicationSet` and k3s `HelmChart`: where they deploy, and what charts they install. */
export function extractDeploy(doc: unknown, kind: string, owner: Resource): DeployData {
  const spec = get(doc, 'spec');
  const out: DeployData = { kind: 'Deploy', paths: [], charts: [], installs: { workloads: [], hosts: [] } };
  if (kind === 'HelmChart') {
    // k3s's helm-controller: `spec.chart` into `spec.targetNamespace` (default: the HelmChart's namespace).
    const chart = str(get(spec, 'chart'));
    out.targetNamespace = str(get(spec, 'targetNamespace'));
    if (chart) out.charts.push(chart);
    return out;
  }
  if (kind === 'Application' || kind === 'ApplicationSet') {
    // An ApplicationSet stamps its template's Application spec; a generator's `{{ … }}` value is unknown ('').
    const app = kind === 'ApplicationSet' ? get(spec, 'template', 'spec') : spec;
    const known = (v: string | undefined) => (v === undefined || !v.includes('{{') ? v : '');
    out.targetNamespace = known(str(get(app, 'destination', 'namespace')));
    const sources = get(app, 'source') ? [get(app, 'source')] : items(get(app, 'sources'));
    for (const source of sources) {
      const path = known(str(get(source, 'path')));
      // A config management plugin (helmfile, kustomize with helm) renders the path into what the workspace does not show.
      if (path) {
        out.paths.push(path);
        (out.pathRepos ??= []).push(repositoryName(known(str(get(source, 'repoURL')))));
      }
      if (path && get(source, 'plugin') !== undefined) out.charts.push(`plugin:${path}`);
      const chart = known(str(get(source, 'chart')));
      if (chart === undefined) continue;
      if (chart === '') {
        out.charts.push('');
        continue;
      }
      out.charts.push(chart);
      // Argo CD names the release after the Application: an ApplicationSet's template names it (a generator's value: unknown).
      const release = known(str(get(source, 'helm', 'releaseName'))) ?? (kind === 'ApplicationSet' ? known(str(get(spec, 'template', 'metadata', 'name'))) ?? '' : owner.name);
      if (release === '') continue;
      // Value files (a `$values` source of the repository) and parameters add to the inline values.
      const more = items(get(source, 'helm', 'valueFiles')).length > 0 || items(get(source, 'helm', 'parameters')).length > 0;
      chartInstalls(out, owner, chart, release, out.targetNamespace ?? owner.namespace, argoValues(get(source, 'helm')), span(source) ?? owner.span, more);
    }
    return out;
  }
  out.targetNamespace = str(get(spec, 'targetNamespace'));
  if (kind === 'Kustomization') {
    const path = str(get(spec, 'path'));
    if (path) out.paths.push(path);
    return out;
  }
  // HelmRelease: Flux names the release `<targetNamespace>-<name>` when a target namespace is set.
  const chart = str(get(spec, 'chart', 'spec', 'chart')) ?? str(get(spec, 'chartRef', 'name'));
  if (chart) {
    out.charts.push(chart);
    const release = str(get(spec, 'releaseName')) ?? (out.targetNamespace ? `${out.targetNamespace}-${owner.name}` : owner.name);
    // valuesFrom (ConfigMaps, Secrets) and the chart's valuesFiles are merged with the inline values.
    const more = items(get(spec, 'valuesFrom')).length > 0 || items(get(spec, 'chart', 'spec', 'valuesFiles')).length > 0;
    chartInstalls(out, owner, chart, release, out.targetNamespace ?? owner.namespace, get(spec, 'values'), span(get(spec, 'chart')) ?? owner.span, more);
  }
  return out;
}

/** `https://github.com/acme/shop-gitops.git` → `shop-gitops`; '' when unknown. */
function repositoryName(url: string | undefined): string {
  if (!url) return '';
  return url.replace(/\/+$/, '').split(/[/:]/).pop()!.replace(/\.git$/, '');
}

/** The istio/gateway chart (a Flux chartRef names its OCIRepository, which users name for the chart: `istio-gateway`). */
export function isGatewayChart(chart: string): boolean {
  const base = chart.split('/').pop();
  return base === 'gateway' || base === 'istio-gateway';
}

function chartInstalls(deploy: DeployData, owner: Resource, chart: string, release: string, namespace: string, values: unknown, at: Span, moreValues = false): void {
  const out = deploy.installs;
  const base = chart.split('/').pop();
  if (base === 'istiod') out.hosts.push(`istiod.${namespace}.${CLUSTER_DOMAIN}`);
  // Argo CD values may be a string parsed apart: its spans are not the file's, so findings point at the chart.
  if (base === 'istiod' && get(values, 'meshConfig')) deploy.security = { ...meshSecurity(get(values, 'meshConfig'), at), ...(moreValues ? { partial: true as const } : {}) };
  if (!isGatewayChart(chart)) return;
  const name = str(get(values, 'name')) ?? release;
  const extra = labels(get(values, 'labels'));
  const podLabels: Labels = { ...extra, app: extra.app ?? name, istio: extra.istio ?? name.replace(/^istio-/, '') };
  addGateway(out, owner, name, namespace, podLabels, at);
}

/** Argo CD's Helm values: `valuesObject`, or `values` as a YAML string. */
function argoValues(helm: unknown): unknown {
  const object = get(helm, 'valuesObject');
  if (object) return object;
  const text = str(get(helm, 'values'));
  if (!text) return undefined;
  try {
    return parseDocument(text).contents;
  } catch {
    return undefined;
  }
}

function addGateway(out: Installs, owner: Resource, name: string, namespace: string, podLabels: Labels, at: Span): void {
  out.hosts.push(`${name}.${namespace}.${CLUSTER_DOMAIN}`);
  out.workloads.push({
    ...owner,
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    name,
    namespace,
    explicitNamespace: namespace,
    span: at,
    nameSpan: at,
    labels: podLabels,
    suppress: [],
    istio: false,
    data: { kind: 'Workload', labels: podLabels, annotations: {}, annotationSpans: {}, ports: [] },
  });
}

/**
 * What a controller creates from a resource of its own, which the workspace never spells out: Flagger's
 * Services `<apex>`, `<apex>-primary` and `<apex>-canary` and its `<target>-primary` pods for a Canary
 * (fluxcd/flagger GetServiceNames, makePrimaryLabels: the target's selector label, by default one of
 * app, name and app.kubernetes.io/name, with the value `<value>-primary`); the ExternalName Service Knative
 * Serving makes for a Knative Service (MakeK8sPlaceholderService), which Istio registers.
 */
export function extractGenerated(doc: unknown, group: string, owner: Resource): DeployData {
  const out: DeployData = { kind: 'Deploy', paths: [], charts: [], installs: { workloads: [], hosts: [] } };
  const ns = owner.namespace;
  if (group === 'serving.knative.dev') {
    if (owner.name) out.installs!.hosts.push(`${owner.name}.${ns}.${CLUSTER_DOMAIN}`);
    // Its revisions' pods: the template's labels and the Service's name.
    const pod = podTemplate(doc, 'Service');
    if (pod !== undefined) {
      const workload = extractWorkload(pod);
      workload.labels = { ...workload.labels, 'serving.knative.dev/service': owner.name };
      out.installs!.workloads.push({ ...owner, kind: 'Deployment', apiVersion: 'apps/v1', labels: workload.labels, suppress: [], istio: false, data: workload });
    }
    return out;
  }
  const spec = get(doc, 'spec');
  const target = str(get(spec, 'targetRef', 'name'));
  const apex = str(get(spec, 'service', 'name')) ?? target;
  if (apex) for (const suffix of ['', '-primary', '-canary']) out.installs!.hosts.push(`${apex}${suffix}.${ns}.${CLUSTER_DOMAIN}`);
  if (target) {
    const primary = `${target}-primary`;
    const podLabels = { app: primary, name: primary, 'app.kubernetes.io/name': primary };
    out.installs!.workloads.push({
      ...owner,
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      name: primary,
      span: owner.span,
      nameSpan: owner.nameSpan,
      labels: podLabels,
      suppress: [],
      istio: false,
      data: { kind: 'Workload', labels: podLabels, annotations: {}, annotationSpans: {}, ports: [] },
    });
  }
  return out;
}
