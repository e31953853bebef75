// IST0145: two Gateways configure the same gateway workload on the same port
// with overlapping hosts. Istio merges every Gateway that selects a proxy into
// one set of listeners. On a TLS/HTTPS port two servers for the same SNI name
// give duplicate filter chains, and Istio keeps only one: the other Gateway's
// certificate and TLS mode are silently ignored. The name must be the same
// string (CheckDuplicates): a wildcard and a name it covers are two filter
// chains, and Envoy serves each name from the more specific one. Servers with different
// protocols on one port: one of them is dropped, depending on creation order.
// On plain HTTP (HTTP, HTTP2, gRPC on both sides, no TLS) pilot merges the
// servers into one listener and one route table, and both Gateways work: any
// number of Gateways may expose one name (Istio: Up and Running, chapter 8).
// istioctl still reports that as IST0145; istio-ls says it as information
// (ILS0208) and keeps the error for what pilot drops. Two Gateways act on the
// same workload when their selectors are identical or a workload of the
// workspace satisfies both. The `ns/` part of a server host only restricts
// which VirtualServices may bind; it does not separate listeners, so it is
// ignored here. Servers with different `bind` addresses are separate listeners
// and never conflict (pilot/pkg/model/gateway.go CheckDuplicates).
import type { GatewayData, Related, StrRef } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { isWildcard, parseServerHost, selects } from '../hosts';
import { coexist, conflicts, finding, label } from './types';
import { byLocation, selectorText } from './gatewayRefs';

interface ServerHost {
  gw: Typed<GatewayData>;
  port: number;
  ref: StrRef;
  host: string;
  /** `bind` of the server ('' when unset): Istio's CheckDuplicates compares hosts per bind address. */
  bind: string;
  /** Plain HTTP-family server without TLS: pilot merges two of these on one port (canMergeProtocols). */
  plainHttp: boolean;
  tls: boolean;
  protocol: string;
}

// protocol.Instance IsHTTP in Istio's pkg/config/protocol.
const HTTP_FAMILY = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB']);

export const gatewayConflict = conflicts({
  rules: [Rules.ConflictingGateways, Rules.GatewaysShareHttpPort],
  kind: 'Gateway',
  // Groups: the port numbers of Gateways that select a workload.
  groupKeys: (gw) => (Object.keys(gw.data.selector).length === 0 ? [] : gw.data.servers.flatMap((s) => (s.port ? [String(s.port.number)] : []))),
  checkGroup(port, members, snap, report) {
    const entries: ServerHost[] = [];
    for (const gw of members.slice().sort(byLocation)) for (const e of serverHosts(gw)) if (String(e.port) === port) entries.push(e);
    const sameWorkload = memo((a: Typed<GatewayData>, b: Typed<GatewayData>) => shareWorkload(snap, a.data.selector, b.data.selector));
    const found = new Map<StrRef, { entry: ServerHost; with: ServerHost[] }>();
    // Pairs in index order, as a double loop over the entries would meet them.
    for (const [i, j] of overlappingPairs(entries)) {
      const a = entries[i];
      const b = entries[j];
      if (a.gw === b.gw || key(a.gw) === key(b.gw) || a.bind !== b.bind || !coexist(a.gw, b.gw) || !sameWorkload(a.gw, b.gw)) continue;
      // Two TLS servers clash only on the same name: `*.example.com` and `shop.example.com` are two
      // filter chains, and Envoy picks the more specific SNI name.
      if (a.tls && b.tls && a.host !== b.host) continue;
      add(found, a, b);
      add(found, b, a);
    }
    for (const { entry, with: all } of found.values()) {
      // What pilot drops is the error; servers that merge are only worth a note, once there is no real conflict.
      const dropped = all.filter((o) => !(entry.plainHttp && o.plainHttp));
      const others = dropped.length ? dropped : all;
      const names = [...new Set(others.map((o) => key(o.gw)))].join(', ');
      const rel: Related[] = others.map((o) => ({ uri: o.gw.uri, span: o.ref.span, message: `${label(o.gw)} also serves ${o.ref.value} on port ${o.port}` }));
      if (!dropped.length) {
        report(
          entry.gw.uri,
          finding(
            Rules.GatewaysShareHttpPort,
            entry.gw,
            entry.ref.span,
            `Gateway ${names} also serves ${entry.ref.value} on plain HTTP port ${entry.port} of the workload selected by ${selectorText(entry.gw.data.selector)}. ` +
              'Istio merges both into one listener and route table, so both work (istioctl analyze still reports IST0145); the routes of their VirtualServices for one host merge in creation order.',
            { related: rel, data: { port: entry.port, others: [...new Set(others.map((o) => key(o.gw)))] } },
          ),
        );
        continue;
      }
      report(
        entry.gw.uri,
        finding(
          Rules.ConflictingGateways,
          entry.gw,
          entry.ref.span,
          `Conflict with Gateway ${names}: both configure the workload selected by ${selectorText(entry.gw.data.selector)} on port ${entry.port} for overlapping hosts (${entry.ref.value}). ` +
            (entry.tls || others.some((o) => o.tls)
              ? 'Istio keeps only one server for a TLS name: the other certificate and TLS mode are ignored. Merge the servers into one Gateway or use different ports.'
              : others.every((o) => o.protocol === entry.protocol)
                ? `Two ${entry.protocol || 'non-HTTP'} servers on one port do not merge: Istio keeps one, by creation order, and drops the other. Use different ports.`
                : 'Their protocols cannot share the port: Istio keeps one server, by creation order, and drops the other. Use different ports.'),
          { related: rel, data: { port: entry.port, others: [...new Set(others.map((o) => key(o.gw)))] } },
        ),
      );
    }
  },
});

/**
 * The index pairs (i < j, in order) of entries whose hosts intersect. A port
 * of a shared ingress workload holds the servers of every team's Gateway:
 * instead of comparing each pair, each host looks up the patterns that cover
 * it (itself, and `*` followed by each of its suffixes), which finds every
 * pair where one covers the other (hosts.ts intersects).
 */
function overlappingPairs(entries: readonly ServerHost[]): [number, number][] {
  const byHost = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const list = byHost.get(e.host);
    if (list) list.push(i);
    else byHost.set(e.host, [i]);
  });
  const partners: Set<number>[] = entries.map(() => new Set());
  const link = (i: number, list: number[] | undefined) => {
    for (const j of list ?? []) {
      if (i === j) continue;
      partners[i].add(j);
      partners[j].add(i);
    }
  };
  // Only suffixes as long as some wildcard's are worth looking up.
  const suffixLengths = [...new Set([...byHost.keys()].filter(isWildcard).map((p) => p.length - 1))];
  entries.forEach((e, i) => {
    link(i, byHost.get(e.host));
    const rest = isWildcard(e.host) ? e.host.slice(1) : e.host;
    for (const n of suffixLengths) {
      if (n > rest.length) continue;
      const pattern = '*' + rest.slice(rest.length - n);
      if (pattern !== e.host) link(i, byHost.get(pattern));
    }
  });
  const pairs: [number, number][] = [];
  partners.forEach((set, i) => {
    for (const j of [...set].sort((x, y) => x - y)) if (j > i) pairs.push([i, j]);
  });
  return pairs;
}

// A port group holds every team's Gateway on the shared workload and is checked
// again whenever one of them changes: each Gateway's server hosts are read once.
const serverHostsMemo = new WeakMap<Typed<GatewayData>, ServerHost[]>();

function serverHosts(gw: Typed<GatewayData>): ServerHost[] {
  let out = serverHostsMemo.get(gw);
  if (out) return out;
  out = [];
  for (const server of gw.data.servers) {
    if (!server.port) continue;
    const protocol = (server.port.protocol ?? '').toUpperCase();
    const plainHttp = server.tlsMode === undefined && HTTP_FAMILY.has(protocol);
    const tls = server.tlsMode !== undefined || protocol === 'HTTPS' || protocol === 'TLS';
    for (const ref of server.hosts) out.push({ gw, port: server.port.number, ref, host: parseServerHost(ref.value, gw.namespace).host, bind: server.bind ?? '', plainHttp, tls, protocol });
  }
  serverHostsMemo.set(gw, out);
  return out;
}

function key(gw: Typed<GatewayData>): string {
  return `${gw.namespace}/${gw.name}`;
}

function add(map: Map<StrRef, { entry: ServerHost; with: ServerHost[] }>, entry: ServerHost, other: ServerHost): void {
  const c = map.get(entry.ref);
  if (c) c.with.push(other);
  else map.set(entry.ref, { entry, with: [other] });
}

function sameSelector(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

function shareWorkload(snap: Snapshot, a: Record<string, string>, b: Record<string, string>): boolean {
  if (sameSelector(a, b)) return true;
  return snap.workloads.some((w) => selects(a, w.labels) && selects(b, w.labels));
}

function memo(fn: (a: Typed<GatewayData>, b: Typed<GatewayData>) => boolean) {
  const cache = new Map<string, boolean>();
  return (a: Typed<GatewayData>, b: Typed<GatewayData>) => {
    const k = `${selectorText(a.data.selector)}|${selectorText(b.data.selector)}`;
    let v = cache.get(k);
    if (v === undefined) cache.set(k, (v = fn(a, b)));
    return v;
  };
}
