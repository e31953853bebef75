// IST0145: two Gateways configure the same gateway workload on the same port
// with overlapping hosts. Istio merges every Gateway that selects a proxy into
// one set of listeners. On a TLS/HTTPS port two servers for the same SNI name
// give duplicate filter chains, and Istio keeps only one: the other Gateway's
// certificate and TLS mode are silently ignored. Servers with different
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
import { intersects, parseServerHost, selects } from '../hosts';
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
    for (const gw of members.slice().sort(byLocation)) {
      for (const server of gw.data.servers) {
        if (String(server.port?.number) !== port) continue;
        const plainHttp = server.tlsMode === undefined && HTTP_FAMILY.has((server.port?.protocol ?? '').toUpperCase());
        for (const ref of server.hosts) entries.push({ gw, port: server.port!.number, ref, host: parseServerHost(ref.value, gw.namespace).host, bind: server.bind ?? '', plainHttp, tls: server.tlsMode !== undefined || ['HTTPS', 'TLS'].includes((server.port?.protocol ?? '').toUpperCase()) });
      }
    }
    const sameWorkload = memo((a: Typed<GatewayData>, b: Typed<GatewayData>) => shareWorkload(snap, a.data.selector, b.data.selector));
    const found = new Map<StrRef, { entry: ServerHost; with: ServerHost[] }>();
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const a = entries[i];
        const b = entries[j];
        if (a.gw === b.gw || key(a.gw) === key(b.gw) || a.bind !== b.bind || !intersects(a.host, b.host) || !coexist(a.gw, b.gw) || !sameWorkload(a.gw, b.gw)) continue;
        add(found, a, b);
        add(found, b, a);
      }
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
              : 'Their protocols cannot share the port: Istio keeps one server, by creation order, and drops the other. Use different ports.'),
          { related: rel, data: { port: entry.port, others: [...new Set(others.map((o) => key(o.gw)))] } },
        ),
      );
    }
  },
});

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
