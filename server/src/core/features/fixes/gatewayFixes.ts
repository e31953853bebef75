// Fixes for a VirtualService's gateways: create the missing Gateway or point
// at an existing one with a similar name (IST0101 gateway not found); expose
// the host on the Gateway or bind to a Gateway that exposes it (IST0132).
import type { GatewayData, GatewayServer, Resource, RouteRule, VirtualServiceData } from '../../model';
import type { Typed } from '../../index/snapshot';
import { BUILTIN_HOSTS, EGRESS_GATEWAY_HOST } from '../../index/snapshot';
import { fqdn, intersects, isClusterLocal, parseGatewayRef, visibleTo } from '../../hosts';
import { allGateways } from '../../analyzers/gatewayRefs';
import { fileName } from '../../analyzers/types';
import { gatewayProxyNamespaces } from '../../analyzers/gatewayProxies';
import { exposesAny } from '../../analyzers/gatewayBinding';
import { boundToMesh } from '../../analyzers/vsGateways';
import { EditBuilder } from '../../edit/workspaceEdit';
import { renderDocument, type YamlMap } from '../../edit/render';
import { appendDocuments, quoteLike, removeFromSeq, seqAt } from '../../edit/yamlEdits';
import { appendToList, nodeAt } from '../../edit/resourceEdits';
import { Rules } from '../../catalog';
import type { GatewayNotFound, HostNotExposed } from '../../analyzers/gatewayBinding';
import type { Finding } from '../../model';
import type { FixContext, Offer } from './types';
import { dataOf, defineFix, resourceOf } from './types';
import { single } from './textFixes';

function vsOf(ctx: FixContext, uri: string, key: unknown): Typed<VirtualServiceData> | undefined {
  const r = resourceOf(ctx, uri, key);
  return r && r.data.kind === 'VirtualService' ? (r as Typed<VirtualServiceData>) : undefined;
}

/** How a VirtualService names a Gateway: `name` in its own namespace, else `ns/name`. */
function refFor(gw: Resource, vsNamespace: string): string {
  return gw.namespace === vsNamespace ? gw.name : `${gw.namespace}/${gw.name}`;
}

/** Creates the missing Gateway with a server for the VirtualService's routes. */
export const createGateway = defineFix<{ resource: string; gateway: string }>({
  id: 'createGateway',
  rules: [Rules.ReferencedResourceNotFound, Rules.GatewayNotInWorkspace],
  kind: 'quickfix',
  dataKinds: ['gatewayNotFound'],
  offer(f, uri, ctx) {
    const d = dataOf<GatewayNotFound>(f);
    const vs = vsOf(ctx, uri, f.resource);
    if (!vs || !f.resource || !d.gateway || !d.name || !d.namespace || !serverFor(vs, d.gateway)) return [];
    if (!createsCleanly(ctx, vs, d.namespace, d.candidates)) return [];
    return [{ title: `Create Gateway ${d.namespace}/${d.name}`, payload: { resource: f.resource, gateway: d.gateway } }];
  },
  resolve(p, uri, ctx) {
  const file = ctx.source(uri);
  const vs = vsOf(ctx, uri, p.resource);
  if (!file || !vs) return undefined;
  const ref = parseGatewayRef(String(p.gateway), vs.namespace);
  const server = serverFor(vs, String(p.gateway));
  if (!server) return undefined;
  const egress = looksEgress(vs);
  const body: YamlMap = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: ref.name, namespace: ref.namespace },
    spec: { selector: selectorFor(vs), servers: [server] },
  };
  const comment = `The ${egress ? 'egress' : 'ingress'} Gateway of VirtualService ${vs.namespace}/${vs.name} (istio-ls quick fix).`;
  return single(uri, appendDocuments(file.text, renderDocument([comment], body, file.style), file.style.eol));
  },
});

/**
 * A new Gateway is the fix only when nothing in the workspace is what the
 * reference meant and it adds no finding: no similar or same-named Gateway
 * (the reference is the mistake), no Gateway that already exposes the hosts
 * (a second one for the same host and port conflicts, IST0145), proxies that
 * see the VirtualService (ILS0207), and, for an egress gateway under
 * ALLOW_ANY, the bypass note (ILS0402) already given.
 */
function createsCleanly(ctx: FixContext, vs: Typed<VirtualServiceData>, namespace: string, candidates: unknown): boolean {
  if (Array.isArray(candidates) && candidates.length > 0) return false;
  const snap = ctx.snapshot;
  if (allGateways(snap).some((gw) => exposesAny(gw, vs))) return false;
  const selector = selectorFor(vs);
  const workloads = snap.workloadsSelectedBy(selector);
  const proxies = workloads.length ? [...new Set(workloads.map((w) => w.namespace))] : [namespace];
  const exportTo = vs.data.exportTo;
  if (exportTo && exportTo.length && !proxies.every((ns) => visibleTo(exportTo, vs.namespace, ns))) return false;
  if (looksEgress(vs) && snap.meshPolicy.mode === 'ALLOW_ANY') {
    const noted = [...ctx.diagnostics().values()].some((list) => list.some((f) => f.code === Rules.EgressBypassUnderAllowAny.code));
    if (!noted) return false;
  }
  return true;
}

function selectorFor(vs: Typed<VirtualServiceData>): Record<string, string> {
  return looksEgress(vs) ? { istio: 'egressgateway' } : { istio: 'ingressgateway' };
}

type GatewayRefChange = { resource: string; from: string; to: string };

/**
 * Points the VirtualService at another Gateway: one with a similar name when
 * the named one does not exist, or one that exposes its host (IST0132).
 * Every mention is replaced: `gateways` and the routes' `match[].gateways`.
 */
export const replaceGatewayRef = defineFix<GatewayRefChange>({
  id: 'replaceGatewayRef',
  rules: [Rules.ReferencedResourceNotFound, Rules.VirtualServiceHostNotInGateway],
  kind: 'quickfix',
  dataKinds: ['gatewayNotFound', 'hostNotExposed'],
  offer(f, uri, ctx) {
    const vs = vsOf(ctx, uri, f.resource);
    if (!vs || !f.resource) return [];
    return f.data?.kind === 'gatewayNotFound' ? similarOffers(f, f.resource, vs, ctx) : binderOffers(f, f.resource, uri, vs, ctx);
  },
  resolve: (p, uri, ctx) => replaceRefs(p, uri, ctx),
});

/**
 * ILS0611: `./name` is rejected; the same Gateway is `name` in the
 * VirtualService's namespace. ILS0205: the legacy `name.ns.svc.cluster.local`
 * is `ns/name` (the same Gateway, so fixAll may apply it).
 */
export const fixGatewayRef = defineFix<GatewayRefChange>({
  id: 'fixGatewayRef',
  rules: [Rules.InvalidGatewayReference, Rules.LegacyGatewayReference],
  kind: 'quickfix',
  offer(f, uri, ctx) {
    const d = (f.data ?? {}) as { gateway?: string; replacement?: string };
    const vs = vsOf(ctx, uri, f.resource);
    if (!d.gateway || !d.replacement || !f.resource || !vs || !bindsCleanly(ctx, vs, d.replacement)) return [];
    const safe = f.code === Rules.LegacyGatewayReference.code;
    return [{ title: `Change to "${d.replacement}"`, preferred: true, safe, payload: { resource: f.resource, from: d.gateway, to: d.replacement } }];
  },
  resolve: (p, uri, ctx) => replaceRefs(p, uri, ctx),
});

function replaceRefs(p: GatewayRefChange, uri: string, ctx: FixContext) {
  const vs = vsOf(ctx, uri, p.resource);
  const file = ctx.source(uri);
  if (!vs || !file) return undefined;
  const from = String(p.from);
  const to = String(p.to);
  const refs = [...vs.data.gateways, ...vs.data.routes.flatMap((r) => r.matchGateways)].filter((g) => g.value === from);
  if (refs.length === 0) return undefined;
  const b = new EditBuilder();
  for (const g of refs) b.add(uri, { span: g.span, newText: quoteLike(file.text.slice(g.span.start, g.span.end), to) });
  return b.build();
}

/**
 * The analyzer's candidates (gatewayCandidates.ts) that leave no finding once
 * referenced: the Gateway exposes a host of the VirtualService and its proxies
 * see the VirtualService. The best one is preferred.
 */
function similarOffers(f: Finding, resource: string, vs: Typed<VirtualServiceData>, ctx: FixContext): Offer<GatewayRefChange>[] {
  const d = dataOf<GatewayNotFound>(f);
  if (!d.gateway || !Array.isArray(d.candidates)) return [];
  const from = d.gateway;
  return d.candidates
    // A Gateway listed already would be listed twice.
    .filter((to) => typeof to === 'string' && bindsCleanly(ctx, vs, to) && !listedAlready(vs, to))
    .map((to, i) => ({ title: `Change to "${to}"`, preferred: i === 0 && to === d.candidates![0], payload: { resource, from, to } }));
}

/** Would referencing `ref` bind without a new finding (IST0132 not exposed, ILS0207 hidden from its proxies)? */
function bindsCleanly(ctx: FixContext, vs: Typed<VirtualServiceData>, ref: string): boolean {
  const r = parseGatewayRef(ref, vs.namespace);
  const gw = r.invalid || r.mesh ? undefined : ctx.snapshot.findGateway(r.namespace, r.name);
  if (!gw) return false;
  if (vs.data.hosts.length > 0 && !exposesAny(gw, vs)) return false;
  return seenByProxies(ctx, vs, gw);
}

function listedAlready(vs: Typed<VirtualServiceData>, ref: string): boolean {
  const key = (value: string) => {
    const r = parseGatewayRef(value, vs.namespace);
    return `${r.namespace}/${r.name}`;
  };
  return vs.data.gateways.some((g) => key(g.value) === key(ref));
}

function seenByProxies(ctx: FixContext, vs: Typed<VirtualServiceData>, gw: Typed<GatewayData>): boolean {
  const exportTo = vs.data.exportTo;
  if (!exportTo || exportTo.length === 0) return true;
  return gatewayProxyNamespaces(ctx.snapshot, gw).namespaces.every((ns) => visibleTo(exportTo, vs.namespace, ns));
}

function binderOffers(f: Finding, resource: string, uri: string, vs: Typed<VirtualServiceData>, ctx: FixContext): Offer<GatewayRefChange>[] {
  const d = dataOf<HostNotExposed>(f);
  if (!d.gateway) return [];
  const [ns, name] = d.gateway.split('/');
  if (!ctx.snapshot.findGateway(ns, name)) return [];
  const from = ctx.source(uri)!.text.slice(f.span.start, f.span.end).replace(/^["']|["']$/g, '');
  const listed = new Set(vs.data.gateways.map((g) => parseGatewayRef(g.value, vs.namespace)).map((r) => `${r.namespace}/${r.name}`));
  const binders: Typed<GatewayData>[] = [];
  for (const list of ctx.snapshot.gateways.values()) {
    const other = list[0];
    if (`${other.namespace}/${other.name}` === d.gateway || listed.has(`${other.namespace}/${other.name}`)) continue;
    if (exposesAny(other, vs) && seenByProxies(ctx, vs, other)) binders.push(other);
  }
  // Binding changes only this file: the first one is preferred.
  return binders
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((other, i) => ({
      title: `Bind to Gateway ${other.namespace}/${other.name}, which exposes the host`,
      preferred: i === 0,
      payload: { resource, from, to: refFor(other, vs.namespace) },
    }));
}

/** The rules that apply at a gateway: those matching it, else all of them. */
function rulesFor(vs: Typed<VirtualServiceData>, ref: string): RouteRule[] {
  const matching = vs.data.routes.filter((r) => r.matchGateways.some((g) => g.value === ref));
  return matching.length ? matching : vs.data.routes;
}

/** The server a new Gateway needs for the VirtualService's routes; undefined when it cannot tell the port. */
function serverFor(vs: Typed<VirtualServiceData>, ref: string): YamlMap | undefined {
  const rules = rulesFor(vs, ref);
  const portOf = (fallback?: number) => rules.flatMap((r) => r.matchPorts)[0] ?? fallback;
  const hosts = vs.data.hosts.map((h) => (h.value.includes('.') || h.value.includes('*') ? h.value : fqdn(h.value, vs.namespace)));
  if (hosts.length === 0) return undefined;
  if (rules.some((r) => r.protocol === 'tls')) return { port: { number: portOf(443)!, name: 'tls', protocol: 'TLS' }, hosts, tls: { mode: 'PASSTHROUGH' } };
  if (rules.some((r) => r.protocol === 'http') || rules.length === 0) return { port: { number: portOf(80)!, name: 'http', protocol: 'HTTP' }, hosts };
  const tcp = portOf();
  return tcp === undefined ? undefined : { port: { number: tcp, name: 'tcp', protocol: 'TCP' }, hosts };
}

/** Egress when the VirtualService sends external hosts to the egress gateway or routes them for the mesh. */
function looksEgress(vs: Typed<VirtualServiceData>): boolean {
  const egressHosts = new Set([EGRESS_GATEWAY_HOST, ...BUILTIN_HOSTS.filter((h) => h.includes('egress'))]);
  if (vs.data.routes.some((r) => r.destinations.some((d) => egressHosts.has(fqdn(d.host.value, vs.namespace))))) return true;
  return boundToMesh(vs.data) && vs.data.hosts.length > 0 && vs.data.hosts.every((h) => !isClusterLocal(fqdn(h.value, vs.namespace)) && h.value.includes('.'));
}

/** Adds the VirtualService's host to the Gateway that does not expose it. */
export const addHostToGateway = defineFix<{ resource: string; gateway: string; host: string }>({
  id: 'addHostToGateway',
  rules: [Rules.VirtualServiceHostNotInGateway],
  kind: 'quickfix',
  dataKinds: ['hostNotExposed'],
  offer(f, uri, ctx) {
    const d = dataOf<HostNotExposed>(f);
    const vs = vsOf(ctx, uri, f.resource);
    const resource = f.resource;
    if (!vs || !resource || !d.gateway) return [];
    const [ns, name] = d.gateway.split('/');
    if (!ctx.snapshot.findGateway(ns, name)) return [];
    const gateway = d.gateway;
    const gw = ctx.snapshot.findGateway(ns, name)!;
    // Another team's file when the Gateway lives elsewhere: never the preferred fix, and the title says so.
    const where = gw.uri === uri ? '' : ` (in ${fileName(gw.uri)})`;
    return vs.data.hosts
      .map((h) => (h.value.includes('.') || h.value.includes('*') ? h.value : fqdn(h.value, vs.namespace)))
      .filter((host) => !claimedElsewhere(ctx, vs, gw, host))
      .slice(0, 3)
      .map((host) => ({ title: `Add "${host}" to Gateway ${gateway}${where}`, payload: { resource, gateway, host } }));
  },
  resolve(p, _uri, ctx) {
    const vs = vsOf(ctx, _uri, p.resource);
    const [ns, name] = String(p.gateway).split('/');
    const indexed = ctx.snapshot.findGateway(ns, name);
    if (!vs || !indexed) return undefined;
    const file = ctx.source(indexed.uri);
    const gw = file?.resources.find((r) => r.kind === 'Gateway' && r.namespace === ns && r.name === name) as Typed<GatewayData> | undefined;
    if (!file || !gw || gw.data.servers.length === 0) return undefined;
    const i = serverIndexFor(gw, vs);
    const server = gw.data.servers[i];
    // Follow the server's style: when every entry names a namespace, so does the new one.
    const namespaced = server.hosts.length > 0 && server.hosts.every((h) => h.value.includes('/'));
    const entry = namespaced ? `${vs.namespace}/${String(p.host)}` : String(p.host);
    return single(indexed.uri, appendToList(file, `Gateway/${ns}/${name}`, ['spec', 'servers', i], 'hosts', entry));
  },
});

/**
 * Would exposing `host` on the Gateway make a new finding: another
 * VirtualService bound to it already claims the host (ILS0201), or another
 * Gateway already exposes it (a second server for it conflicts, IST0145)?
 */
function claimedElsewhere(ctx: FixContext, vs: Typed<VirtualServiceData>, gw: Typed<GatewayData>, host: string): boolean {
  const snap = ctx.snapshot;
  const key = `${gw.namespace}/${gw.name}`;
  const same = (h: string, ns: string) => intersects(host, fqdn(h, ns)) || intersects(host, h.toLowerCase());
  for (const other of snap.virtualServices) {
    if (other === vs || (other.namespace === vs.namespace && other.name === vs.name)) continue;
    const binds = other.data.gateways.some((g) => {
      const r = parseGatewayRef(g.value, other.namespace);
      return `${r.namespace}/${r.name}` === key;
    });
    if (binds && other.data.hosts.some((h) => same(h.value, other.namespace))) return true;
  }
  for (const other of allGateways(snap)) {
    if (other.namespace === gw.namespace && other.name === gw.name) continue;
    if (other.data.servers.some((s) => s.hosts.some((h) => same(h.value.split('/').pop()!, other.namespace) && !h.value.endsWith('/*') && h.value !== '*'))) return true;
  }
  return false;
}

/**
 * Removes a `gateways` entry whose Gateway does not expose the host (IST0132)
 * when another entry remains (an empty list would bind the VirtualService to
 * the sidecars instead) and no route matches that gateway.
 */
export const removeGatewayRef = defineFix<{ resource: string; gateway: string }>({
  id: 'removeGatewayRef',
  rules: [Rules.VirtualServiceHostNotInGateway],
  kind: 'quickfix',
  dataKinds: ['hostNotExposed'],
  offer(f, uri, ctx) {
    const vs = vsOf(ctx, uri, f.resource);
    const file = ctx.source(uri);
    if (!vs || !file || !f.resource) return [];
    const text = file.text.slice(f.span.start, f.span.end).replace(/^["']|["']$/g, '');
    if (vs.data.gateways.length < 2 || vs.data.routes.some((r) => r.matchGateways.some((g) => g.value === text))) return [];
    return [{ title: `Remove "${text}" from gateways`, payload: { resource: f.resource, gateway: text } }];
  },
  resolve(p, uri, ctx) {
    const file = ctx.source(uri);
    const vs = vsOf(ctx, uri, p.resource);
    const list = file && seqAt(nodeAt(file, String(p.resource), ['spec']), 'gateways');
    if (!vs || !list) return undefined;
    const i = vs.data.gateways.findIndex((g) => g.value === String(p.gateway));
    return i < 0 ? undefined : single(uri, removeFromSeq(file.text, list, i));
  },
});

const FAMILIES: Record<RouteRule['protocol'], string[]> = {
  http: ['HTTP', 'HTTPS', 'HTTP2', 'GRPC'],
  tls: ['TLS', 'HTTPS'],
  tcp: ['TCP', 'TLS', 'MONGO', 'MYSQL'],
};

/** The server that carries the VirtualService's kind of routes, else the first one. */
function serverIndexFor(gw: Typed<GatewayData>, vs: Typed<VirtualServiceData>): number {
  const kinds = new Set(vs.data.routes.map((r) => r.protocol));
  const fits = (s: GatewayServer) => [...kinds].some((k) => FAMILIES[k].includes((s.port?.protocol ?? '').toUpperCase()));
  const i = gw.data.servers.findIndex(fits);
  return i >= 0 ? i : 0;
}
