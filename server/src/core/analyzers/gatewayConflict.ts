// IST0145: two Gateways configure the same gateway workload on the same port
// with overlapping hosts. Istio merges every Gateway that selects a proxy into
// one set of listeners. On a TLS/HTTPS port two servers for the same SNI name
// give duplicate filter chains, and Istio keeps only one: the other Gateway's
// certificate and TLS mode are silently ignored. Servers with different
// protocols on one port: one of them is dropped, depending on creation order.
// On plain HTTP the routes of both merge into one virtual host. istioctl
// reports all of these as conflicts; so does istio-ls. Two Gateways act on the
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
}

export const gatewayConflict = conflicts({
  rules: [Rules.ConflictingGateways],
  kind: 'Gateway',
  // Groups: the port numbers of Gateways that select a workload.
  groupKeys: (gw) => (Object.keys(gw.data.selector).length === 0 ? [] : gw.data.servers.flatMap((s) => (s.port ? [String(s.port.number)] : []))),
  checkGroup(port, members, snap, report) {
    const entries: ServerHost[] = [];
    for (const gw of members.slice().sort(byLocation)) {
      for (const server of gw.data.servers) {
        if (String(server.port?.number) !== port) continue;
        for (const ref of server.hosts) entries.push({ gw, port: server.port!.number, ref, host: parseServerHost(ref.value, gw.namespace).host, bind: server.bind ?? '' });
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
    for (const { entry, with: others } of found.values()) {
      const names = [...new Set(others.map((o) => key(o.gw)))].join(', ');
      const rel: Related[] = others.map((o) => ({ uri: o.gw.uri, span: o.ref.span, message: `${label(o.gw)} also serves ${o.ref.value} on port ${o.port}` }));
      report(
        entry.gw.uri,
        finding(
          Rules.ConflictingGateways,
          entry.gw,
          entry.ref.span,
          `Conflict with Gateway ${names}: both configure the workload selected by ${selectorText(entry.gw.data.selector)} on port ${entry.port} for overlapping hosts (${entry.ref.value}). ` +
            'Istio merges them into one listener and keeps only one server for a TLS name; merge the servers into one Gateway or use different ports.',
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
