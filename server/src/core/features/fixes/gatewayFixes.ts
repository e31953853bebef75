// Fixes for a VirtualService's gateways: create the missing Gateway or point
// at an existing one with a similar name (IST0101 gateway not found); expose
// the host on the Gateway or bind to a Gateway that exposes it (IST0132).
import type { GatewayData, GatewayServer, Resource, RouteRule, VirtualServiceData } from '../../model';
import type { Typed } from '../../index/snapshot';
import { BUILTIN_HOSTS, EGRESS_GATEWAY_HOST } from '../../index/snapshot';
import { fqdn, isClusterLocal, parseGatewayRef } from '../../hosts';
import { distance } from '../../schema/suggest';
import { exposesAny } from '../../analyzers/gatewayBinding';
import { boundToMesh } from '../../analyzers/vsGateways';
import { EditBuilder } from '../../edit/workspaceEdit';
import { renderDocument, type YamlMap } from '../../edit/render';
import { appendDocuments, quoteLike } from '../../edit/yamlEdits';
import { appendToList } from '../../edit/resourceEdits';
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
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'quickfix',
  dataKinds: ['gatewayNotFound'],
  offer(f, uri, ctx) {
    const d = dataOf<GatewayNotFound>(f);
    const vs = vsOf(ctx, uri, f.resource);
    if (!vs || !f.resource || !d.gateway || !d.name || !d.namespace || !serverFor(vs, d.gateway)) return [];
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
    spec: { selector: egress ? { istio: 'egressgateway' } : { istio: 'ingressgateway' }, servers: [server] },
  };
  const comment = `The ${egress ? 'egress' : 'ingress'} Gateway of VirtualService ${vs.namespace}/${vs.name} (istio-ls quick fix).`;
  return single(uri, appendDocuments(file.text, renderDocument([comment], body, file.style), file.style.eol));
  },
});

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

/** ILS0611: `./name` is rejected; the same Gateway is `name` in the VirtualService's namespace. */
export const fixGatewayRef = defineFix<GatewayRefChange>({
  id: 'fixGatewayRef',
  rules: [Rules.InvalidGatewayReference],
  kind: 'quickfix',
  offer(f) {
    const d = (f.data ?? {}) as { gateway?: string; replacement?: string };
    if (!d.gateway || !d.replacement || !f.resource) return [];
    return [{ title: `Change to "${d.replacement}"`, preferred: true, payload: { resource: f.resource, from: d.gateway, to: d.replacement } }];
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

function similarOffers(f: Finding, resource: string, vs: Typed<VirtualServiceData>, ctx: FixContext): Offer<GatewayRefChange>[] {
  const d = dataOf<GatewayNotFound>(f);
  if (!d.gateway || !d.name || !d.namespace) return [];
  const from = d.gateway;
  return similarGateways(ctx, d.namespace, d.name, vs.namespace, d.suggestion).map((gw) => {
    const to = from.includes('/') && gw.namespace === d.namespace ? `${gw.namespace}/${gw.name}` : refFor(gw, vs.namespace);
    return { title: `Change to "${to}"`, preferred: gw.name === d.suggestion, payload: { resource, from, to } };
  });
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
    if (exposesAny(other, vs)) binders.push(other);
  }
  return binders
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((other) => ({ title: `Bind to Gateway ${other.namespace}/${other.name}, which exposes the host`, payload: { resource, from, to: refFor(other, vs.namespace) } }));
}

/** Gateways of the namespace whose names are close to the missing one, closest first. */
function similarGateways(ctx: FixContext, namespace: string, name: string, vsNamespace: string, suggestion?: string): Resource[] {
  const scored: { gw: Resource; score: number }[] = [];
  for (const list of ctx.snapshot.gateways.values()) {
    const gw = list[0];
    if (gw.namespace !== namespace && gw.namespace !== vsNamespace) continue;
    const score = gw.name === suggestion && gw.namespace === namespace ? -1 : distance(name.toLowerCase(), gw.name.toLowerCase()) + (gw.namespace === namespace ? 0 : 1);
    if (score <= Math.max(2, Math.floor(name.length / 3))) scored.push({ gw, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.gw.name.localeCompare(b.gw.name))
    .slice(0, 3)
    .map((s) => s.gw);
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
    return vs.data.hosts.slice(0, 3).map((h) => {
      const host = h.value.includes('.') || h.value.includes('*') ? h.value : fqdn(h.value, vs.namespace);
      return { title: `Add "${host}" to Gateway ${gateway}`, payload: { resource, gateway, host } };
    });
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
