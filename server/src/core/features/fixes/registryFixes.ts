// Fixes for destinations the registry does not know: register the external
// host with a ServiceEntry or start the egress bundle (IST0101 host not
// found); add the missing subset to the DestinationRule, or create the
// DestinationRule (IST0101 subset not found).
import { resourceKey } from '../../resourceKey';
import type { Destination, Labels, RouteRule, VirtualServiceData } from '../../model';
import type { Typed } from '../../index/snapshot';
import { BUILTIN_HOSTS } from '../../index/snapshot';
import { clusterNamespace, fqdn, selects } from '../../hosts';
import { renderDocument, type YamlMap } from '../../edit/render';
import { appendDocuments } from '../../edit/yamlEdits';
import { appendToList } from '../../edit/resourceEdits';
import { slugOf } from '../../scaffold/egressPlan';
import { routeClients } from '../../analyzers/gatewayProxies';
import { isDnsLabel } from '../../validation/names';
import { Rules } from '../../catalog';
import type { HostNotFound } from '../../analyzers/destinationHosts';
import type { SubsetNotFound } from '../../analyzers/destinationSubsets';
import type { FixContext, Offer } from './types';
import { EGRESS_COMMAND, dataOf, defineFix, resourceOf } from './types';
import { single } from './textFixes';

function vsOf(ctx: FixContext, uri: string, key: unknown): Typed<VirtualServiceData> | undefined {
  const r = resourceOf(ctx, uri, key);
  return r && r.data.kind === 'VirtualService' ? (r as Typed<VirtualServiceData>) : undefined;
}

/** The destination whose host sits at the finding, with its rule. */
function destinationAt(vs: Typed<VirtualServiceData>, start: number): { route: RouteRule; d: Destination } | undefined {
  for (const route of vs.data.routes) {
    for (const d of route.destinations) if (d.host.span.start === start || d.subset?.span.start === start) return { route, d };
  }
  return undefined;
}

/** A name for a new resource: `base`, else `base-2`, `-3`… among that kind in the namespace. */
function freeName(ctx: FixContext, kind: string, namespace: string, base: string): string {
  const used = new Set(ctx.snapshot.resources.filter((r) => r.kind === kind && r.namespace === namespace).map((r) => r.name));
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  return name;
}

/** Registers an external destination host with a ServiceEntry, or starts the egress bundle for it. */
type RegisterHost = { resource: string; host: string; port: number; protocol: 'TLS' | 'HTTP'; span: number };

export const registerHost = defineFix<RegisterHost>({
  id: 'createServiceEntry',
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'quickfix',
  dataKinds: ['hostNotFound'],
  offer(f, uri, ctx) {
    const d = dataOf<HostNotFound>(f);
    const vs = vsOf(ctx, uri, f.resource);
    if (!vs || !d.host || !d.external || !f.resource) return [];
    const at = destinationAt(vs, f.span.start);
    const offers: Offer<RegisterHost>[] = [];
    const port = at ? (at.d.port?.number ?? at.route.matchPorts[0] ?? (at.route.protocol === 'tls' ? 443 : 80)) : 80;
    // A subset needs a DestinationRule too: registering the host alone would only move the error there.
    if (at && at.route.protocol !== 'tcp' && !at.d.subset) {
      const protocol = at.route.protocol === 'tls' ? 'TLS' : 'HTTP';
      offers.push({
        title: `Create a ServiceEntry for ${d.host}`,
        preferred: true,
        payload: { resource: f.resource, host: d.host, port, protocol, span: f.span.start },
      });
    }
    const args = { host: d.host, namespace: vs.namespace, port, protocol: at?.route.protocol === 'tls' ? 'https-passthrough' : 'http' };
    offers.push({ title: `Route ${d.host} through the egress gateway…`, command: { title: 'Route through the egress gateway', command: EGRESS_COMMAND, arguments: [args] } });
    return offers;
  },
  resolve(p, uri, ctx) {
  const file = ctx.source(uri);
  const vs = vsOf(ctx, uri, p.resource);
  if (!file || !vs) return undefined;
  const host = String(p.host);
  const port = Number(p.port);
  const protocol = String(p.protocol);
  // Visible here and to the proxies of the gateways that route to it (else they answer 503, ILS0304).
  const at = destinationAt(vs, Number(p.span));
  const gatewayNamespaces = at ? routeClients(ctx.snapshot, vs, at.route).filter((c) => c.gateway && c.namespace !== vs.namespace).map((c) => c.namespace) : [];
  const listed = (vs.data.exportTo ?? []).filter((e) => e !== '.' && e !== '*' && e !== vs.namespace);
  const exportTo = ['.', ...new Set([...listed, ...gatewayNamespaces])];
  const name = protocol === 'TLS' && port === 443 ? 'tls' : protocol === 'HTTP' && port === 80 ? 'http' : `${protocol.toLowerCase()}-${port}`;
  const body: YamlMap = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name: freeName(ctx, 'ServiceEntry', vs.namespace, slugOf(host)), namespace: vs.namespace },
    spec: { hosts: [host], exportTo, location: 'MESH_EXTERNAL', ports: [{ number: port, name, protocol }], resolution: 'DNS' },
  };
  const comment = `Registers ${host}, outside the mesh (istio-ls quick fix).`;
  return single(uri, appendDocuments(file.text, renderDocument([comment], body, file.style), file.style.eol));
  },
});

/** Adds the missing subset to the DestinationRule that lacks it. */
export const addSubset = defineFix<{ ruleUri: string; rule: string; host: string; subset: string }>({
  id: 'addSubset',
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'quickfix',
  dataKinds: ['subsetNotFound'],
  offer(f, _uri, ctx) {
    const d = dataOf<SubsetNotFound>(f);
    if (!d.host || !d.subset || !f.resource || !d.destinationRule || !d.uri || !isDnsLabel(d.subset)) return [];
    // The Service's pods are in the workspace and none carries the subset's name as a label value: a subset
    // written now would select no pod (IST0173), so there is nothing right to add.
    if (subsetLabelsFor(ctx, d.host, d.subset) === null) return [];
    return [
      {
        title: `Add subset "${d.subset}" to DestinationRule ${d.destinationRule}`,
        preferred: true,
        payload: { ruleUri: d.uri, rule: d.destinationRule, host: d.host, subset: d.subset },
      },
    ];
  },
  resolve(p, _uri, ctx) {
  const ruleUri = String(p.ruleUri);
  const file = ctx.source(ruleUri);
  const [ns, name] = String(p.rule).split('/');
  if (!file) return undefined;
  const named = file.resources.filter((r) => r.kind === 'DestinationRule' && r.name === name);
  // A rule without a namespace in its file is named where kustomize or a GitOps controller applies it.
  const rule = named.find((r) => r.namespace === ns) ?? (named.length === 1 && named[0].explicitNamespace === undefined ? named[0] : undefined);
  if (!rule) return undefined;
  const subset = String(p.subset);
  const labels = subsetLabelsFor(ctx, String(p.host), subset);
  if (labels === null) return undefined;
  return single(ruleUri, appendToList(file, resourceKey(rule), ['spec'], 'subsets', labels ? { name: subset, labels } : { name: subset }, 'host'));
  },
});

/** Creates a DestinationRule with the subsets the VirtualService names, when none is visible. */
export const createDestinationRule = defineFix<{ resource: string; host: string; subsets: string[] }>({
  id: 'createDestinationRule',
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'quickfix',
  dataKinds: ['subsetNotFound'],
  offer(f, uri, ctx) {
    const d = dataOf<SubsetNotFound>(f);
    // A wildcard host or an invalid subset name would make a DestinationRule that validation rejects.
    if (!d.host || !d.subset || !f.resource || d.destinationRule || d.host.includes('*')) return [];
    const vs = vsOf(ctx, uri, f.resource);
    if (!vs) return [];
    const subsets = subsetsOf(vs, d.host);
    if (!subsets.every(isDnsLabel)) return [];
    // A subset no known pod carries would select nothing (IST0173): no rule to write.
    if (subsets.some((s) => subsetLabelsFor(ctx, d.host!, s) === null)) return [];
    // A rule elsewhere for the host that defines one of these subsets would be merged with the new one: the same subset twice (ILS0301).
    if (ctx.snapshot.destinationRulesCovering(d.host).some((r) => r.data.subsets.some((s) => subsets.includes(s.name.value)))) return [];
    const list = subsets.map((s) => `"${s}"`).join(', ');
    return [
      {
        title: `Create a DestinationRule for ${d.host} with subset${subsets.length > 1 ? 's' : ''} ${list}`,
        preferred: true,
        payload: { resource: f.resource, host: d.host, subsets },
      },
    ];
  },
  resolve(p, uri, ctx) {
  const file = ctx.source(uri);
  const vs = vsOf(ctx, uri, p.resource);
  if (!file || !vs) return undefined;
  const host = String(p.host);
  const subsets = (Array.isArray(p.subsets) ? p.subsets : []).map(String).map((s) => {
    const labels = subsetLabelsFor(ctx, host, s);
    return labels ? { name: s, labels } : { name: s };
  });
  const body: YamlMap = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: freeName(ctx, 'DestinationRule', vs.namespace, host.split('.')[0]), namespace: vs.namespace },
    spec: { host, subsets },
  };
  const comment = `The subsets VirtualService ${vs.namespace}/${vs.name} routes to (istio-ls quick fix).`;
  return single(uri, appendDocuments(file.text, renderDocument([comment], body, file.style), file.style.eol));
  },
});

/** Every subset the VirtualService names for the host, in order of appearance. */
function subsetsOf(vs: Typed<VirtualServiceData>, host: string): string[] {
  const out: string[] = [];
  for (const r of vs.data.routes) for (const d of r.destinations) if (d.subset && fqdn(d.host.value, vs.namespace) === host && !out.includes(d.subset.value)) out.push(d.subset.value);
  return out;
}

/**
 * The labels that select a subset's pods. A gateway's Service (the egress
 * gateway) is split by route, not by pods: no labels. Otherwise the label of
 * the host's workloads whose value is the subset name (`version: v2`,
 * `track: canary`), else `version: <subset>`.
 */
/** The labels of a new subset: the pods' key whose value is the subset's name; null when the Service's pods are known and none has it. */
export function subsetLabelsFor(ctx: FixContext, host: string, subset: string): Labels | undefined | null {
  const snap = ctx.snapshot;
  if (BUILTIN_HOSTS.includes(host) || snap.resources.some((r) => r.data.kind === 'IstioMeshGateway' && `${r.name}.${r.namespace}.svc.cluster.local` === host)) return undefined;
  const ns = clusterNamespace(host);
  const service = snap.services.get(host)?.[0];
  const pods = ns ? snap.workloads.filter((w) => w.resource.namespace === ns && (!service || selects(service.data.selector, w.labels))) : [];
  const keys = new Set<string>();
  for (const w of pods) for (const [k, v] of Object.entries(w.labels)) if (v === subset) keys.add(k);
  if (pods.length > 0 && keys.size === 0) return null;
  const key = keys.has('version') || keys.size === 0 ? 'version' : [...keys].sort()[0];
  return { [key]: subset };
}
