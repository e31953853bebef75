// Short Markdown descriptions of workspace resources, shared by hover,
// completion documentation and code lenses: where a thing is defined (a link
// to the file and line) and the few facts a reader needs about it.
import type { GatewayData, KubeGatewayData, Labels, Listener, PortRef, Resource, ServiceData, ServiceEntryData, Span, Subset } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';

export function fileName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

/** 1-based line of an offset in an indexed file. */
export function lineOf(snap: Snapshot, uri: string, offset: number): number {
  const starts = snap.files.get(uri)?.lineStarts;
  if (!starts) return 1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** `[file.yaml:12](file:///…/file.yaml#L12)`: VS Code opens the file at that line. */
export function fileLink(snap: Snapshot, uri: string, span?: Span): string {
  const line = span ? lineOf(snap, uri, span.start) : 1;
  return `[${fileName(uri)}:${line}](${uri}#L${line})`;
}

export function resourceLink(snap: Snapshot, r: Resource): string {
  return fileLink(snap, r.uri, r.nameSpan ?? r.span);
}

export function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join(', ') : '(none)';
}

export function portText(p: PortRef): string {
  const rest = [p.name, p.protocol].filter(Boolean).join('/');
  return `${p.number}${rest ? ` (${rest})` : ''}`;
}

export function gatewayMarkdown(snap: Snapshot, gw: Typed<GatewayData>): string {
  const lines = [`**Gateway** \`${gw.namespace}/${gw.name}\` — ${resourceLink(snap, gw)}`, '', `selector: \`${labelText(gw.data.selector)}\``];
  for (const s of gw.data.servers) {
    const port = s.port ? `${s.port.number}/${s.port.protocol ?? '?'}` : '?';
    const tls = s.tlsMode ? ` (TLS ${s.tlsMode}${s.credentialName ? `, ${s.credentialName.value}` : ''})` : '';
    lines.push(`- ${port}${tls}: ${s.hosts.map((h) => `\`${h.value}\``).join(', ') || '(no hosts)'}`);
  }
  return lines.join('\n');
}

export function serviceMarkdown(snap: Snapshot, svc: Typed<ServiceData>): string {
  return `Service \`${svc.namespace}/${svc.name}\` — ${resourceLink(snap, svc)}: ports ${svc.data.ports.map(portText).join(', ') || '(none)'}`;
}

export function serviceEntryMarkdown(snap: Snapshot, se: Typed<ServiceEntryData>): string {
  const facts = [se.data.location ?? 'MESH_EXTERNAL', se.data.resolution?.value ?? 'NONE'].join(', ');
  return `ServiceEntry \`${se.namespace}/${se.name}\` — ${resourceLink(snap, se)}: ${facts}; ports ${se.data.ports.map(portText).join(', ') || '(none)'}`;
}

export function subsetMarkdown(snap: Snapshot, dr: Resource, subset: Subset): string {
  return `subset \`${subset.name.value}\` of DestinationRule \`${dr.namespace}/${dr.name}\` — ${fileLink(snap, dr.uri, subset.name.span)}: labels \`${labelText(subset.labels)}\``;
}

/** A listener as a list line: name, protocol and port, hostname (all hosts when unset). */
export function listenerLine(l: Listener): string {
  const where = [l.protocol, l.port?.value].filter((x) => x !== undefined).join(' ');
  return `\`${l.name.value}\`${where ? ` ${where}` : ''}: ${l.hostname ? `\`${l.hostname.value}\`` : 'any hostname'}`;
}

export function kubeGatewayMarkdown(snap: Snapshot, gw: Typed<KubeGatewayData>): string {
  const cls = gw.data.className ? ` (class \`${gw.data.className.value}\`)` : '';
  return [`**Gateway** \`${gw.namespace}/${gw.name}\`${cls} — ${resourceLink(snap, gw)}`, '', ...gw.data.listeners.map((l) => `- ${listenerLine(l)}`)].join('\n');
}
