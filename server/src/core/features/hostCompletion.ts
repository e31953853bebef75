// Completion of the hosts a resource claims or exposes, from what is bound to
// it: a VirtualService's `hosts` (the hosts its gateways expose to its
// namespace, mesh Services for mesh routes), a Gateway server's `hosts`
// (`namespace/host` of the VirtualServices that bind the Gateway first),
// `tls[].match[].sniHosts` (the VirtualService's own hosts), and a
// DestinationRule subset's `labels` (the labels of the host's workloads).
import type { Labels, Resource } from '../model';
import { exposedHosts, fqdn, parseGatewayRef, selects } from '../hosts';
import { valueItem, type CompletionItem } from './completionItem';
import { gatewayMarkdown, labelText, resourceLink, serviceEntryMarkdown, serviceMarkdown } from './describe';
import type { Scope } from './workspaceCompletion';

/** `spec.hosts` of a VirtualService. */
export function virtualServiceHosts(s: Scope): CompletionItem[] {
  const listed = s.doc.list(['spec', 'gateways']) ?? [];
  const mesh = listed.length === 0 || listed.includes('mesh');
  const out: CompletionItem[] = [];
  for (const ref of listed) {
    const r = parseGatewayRef(ref, s.viewer);
    const gw = r.mesh ? undefined : s.snap.findGateway(r.namespace, r.name);
    if (!gw) continue;
    for (const server of gw.data.servers) {
      for (const h of exposedHosts(server.hosts.map((x) => x.value), gw.namespace, s.viewer)) {
        if (h !== '*') out.push(s.item(h, 'Reference', '0', `Gateway ${gw.namespace}/${gw.name}`, () => gatewayMarkdown(s.snap, gw)));
      }
    }
  }
  if (mesh) {
    for (const [name, list] of s.snap.services) {
      const svc = list[0];
      const label = svc.namespace === s.viewer ? svc.name : name;
      out.push(s.item(label, 'Reference', svc.namespace === s.viewer ? '1' : '2', `Service ${svc.namespace}/${svc.name}`, () => serviceMarkdown(s.snap, svc)));
    }
    for (const se of s.snap.serviceEntries) {
      if (!s.visible(se)) continue;
      for (const h of se.data.hosts) out.push(s.item(h.value, 'Reference', '2', `ServiceEntry ${se.namespace}/${se.name}`, () => serviceEntryMarkdown(s.snap, se)));
    }
  }
  return withoutPresent(s, out);
}

/** `spec.servers[].hosts` of a Gateway: `namespace/host` of VirtualService hosts, those bound to this Gateway first. */
export function gatewayServerHosts(s: Scope): CompletionItem[] {
  const name = s.doc.scalar(['metadata', 'name']);
  const out: CompletionItem[] = [];
  for (const vs of s.snap.virtualServices) {
    const binds = vs.data.gateways.some((g) => {
      const r = parseGatewayRef(g.value, vs.namespace);
      return !r.mesh && r.namespace === s.viewer && r.name === name;
    });
    for (const h of vs.data.hosts) {
      // A short name means `name.<ns>.svc.cluster.local` in a VirtualService, but a Gateway host is matched as written.
      if (h.value === '*' || !h.value.includes('.')) continue;
      const doc = `Host of VirtualService \`${vs.namespace}/${vs.name}\` — ${resourceLink(s.snap, vs)}${binds ? ', bound to this Gateway' : ''}`;
      out.push(s.item(`${vs.namespace}/${h.value}`, 'Reference', binds ? '0' : '1', `VirtualService ${vs.namespace}/${vs.name}`, doc));
    }
  }
  return withoutPresent(s, out);
}

/** `tls[].match[].sniHosts`: the VirtualService's own hosts. */
export function sniHosts(s: Scope): CompletionItem[] {
  const hosts = s.doc.list(['spec', 'hosts']) ?? [];
  return withoutPresent(
    s,
    hosts.map((h, i) => s.item(h, 'Reference', String(i).padStart(3, '0'), 'host of this VirtualService', 'An SNI host must match one of the VirtualService’s `hosts`.')),
  );
}

interface Workload {
  resource: Resource;
  labels: Labels;
  /** The selector of the Service that picks it: those labels do not tell subsets apart. */
  selector: Labels;
}

/** The workloads behind the DestinationRule's host (Services in the workspace only). */
function hostWorkloads(s: Scope): Workload[] {
  const host = s.doc.scalar(['spec', 'host']);
  if (!host) return [];
  const out: Workload[] = [];
  for (const svc of s.snap.lookupHost(fqdn(host, s.viewer), s.viewer).services) {
    for (const w of s.snap.workloadsIn(svc.namespace)) if (selects(svc.data.selector, w.labels)) out.push({ ...w, selector: svc.data.selector });
  }
  return out;
}

function workloadDoc(s: Scope, w: Workload): string {
  return `Labels of ${w.resource.kind} \`${w.resource.namespace}/${w.resource.name}\` — ${resourceLink(s.snap, w.resource)}: \`${labelText(w.labels)}\``;
}

/** Keys of `subsets[].labels`: `key: value` pairs of the host's workloads, those that tell them apart first. */
export function subsetLabelPairs(s: Scope): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const w of hostWorkloads(s)) {
    for (const [k, v] of Object.entries(w.labels)) {
      if (k in s.ctx.siblings) continue;
      const sort = `${k in w.selector ? 1 : 0}${k}: ${v}`;
      const it = valueItem({ ...s.ctx, needsSpace: false, quote: undefined }, v, 'Property', sort, { label: `${k}: ${v}`, documentation: workloadDoc(s, w) });
      out.push({ ...it, insertText: `${k}: ${it.insertText}`, detail: `${w.resource.kind} ${w.resource.namespace}/${w.resource.name}` });
    }
  }
  return out;
}

/** A value of `subsets[].labels.<key>`: that label's values on the host's workloads. */
export function subsetLabelValues(s: Scope, key: string): CompletionItem[] {
  return hostWorkloads(s)
    .filter((w) => w.labels[key] !== undefined)
    .map((w) => s.item(w.labels[key], 'Value', '0', `${w.resource.kind} ${w.resource.namespace}/${w.resource.name}`, workloadDoc(s, w)));
}

function withoutPresent(s: Scope, items: CompletionItem[]): CompletionItem[] {
  const present = new Set(s.ctx.present);
  return items.filter((i) => !present.has(i.label));
}
