// ILS0404: a Sidecar egress host `ns/host` imports the services and
// VirtualServices for `host` that are *defined in* namespace `ns` (`.` is the
// Sidecar's own namespace), not the host wherever it lives. When the
// workspace registers that host only in other namespaces (a ServiceEntry in
// a shared egress namespace, a Service of another team), the entry imports
// nothing: the proxies have no cluster for the host, so under REGISTRY_ONLY
// their calls go to the BlackHoleCluster (502, or a closed connection), and
// under ALLOW_ANY they leave as unknown traffic that no ServiceEntry,
// DestinationRule or egress route applies to. A VirtualService for the host
// in `ns` is imported by the same entry and brings its destinations along
// (collectImportedServices in pilot/pkg/model/sidecar.go), so that case is
// not reported.
import type { Related, Resource } from '../model';
import { Rules } from '../catalog';
import { dotNamespace, parseEgressHost, sidecarPolicy } from '../index/sidecarScope';
import { CLUSTER_DOMAIN, covers, fqdn, visibleTo } from '../hosts';
import { finding, label, perResource, related } from './types';

export const sidecarEgressImport = perResource({
  rules: [Rules.SidecarEgressImportsNothing],
  kind: 'Sidecar',
  check(sc, snap, report) {
    for (const entry of sc.data.egressHosts) {
      const parsed = parseEgressHost(entry.value);
      if (!parsed) continue;
      const { nsPart, host } = parsed;
      if (nsPart === '*' || nsPart.startsWith('~') || host.includes('*') || host === '~' || host === '') continue;
      // In the root namespace's default Sidecar, `.` is each proxy's own namespace: no one namespace to judge.
      const ns = nsPart === '.' ? dotNamespace(snap, sc) : nsPart;
      if (ns === undefined) continue;
      if (snap.isIncompleteNamespace(ns) || snap.unknownNamespaceUnread) continue;
      const found = snap.lookupHost(host, sc.namespace);
      const definers: Resource[] = [...found.services, ...found.serviceEntries];
      const namespaces = new Set(definers.map((r) => r.namespace));
      if (found.builtin) {
        // An installed Service lives in the namespace its name says; other known hosts could be anywhere.
        const m = host.endsWith(`.${CLUSTER_DOMAIN}`) ? host.split('.') : undefined;
        if (!m || m.length !== 5) continue;
        namespaces.add(m[1]);
      }
      if (namespaces.size === 0 || namespaces.has(ns)) continue;
      // A VirtualService for the host defined in `ns` is imported, and with it its destinations.
      const vsImported = snap.meshVirtualServices.some((vs) => vs.namespace === ns && visibleTo(vs.data.exportTo, vs.namespace, sc.namespace) && vs.data.hosts.some((h) => covers(fqdn(h.value, vs.namespace), host)));
      if (vsImported) continue;
      const where = [...namespaces].sort();
      const policy = sidecarPolicy(snap, sc);
      const effect =
        policy.mode === 'REGISTRY_ONLY'
          ? `with outboundTrafficPolicy REGISTRY_ONLY (${policy.resource === sc ? 'set by this Sidecar' : policy.resource ? `set by ${label(policy.resource)}` : 'the setting istio.outboundTrafficPolicy'}), calls to ${host} go to the BlackHoleCluster (HTTP 502, TCP connections closed)`
          : `under ALLOW_ANY, calls to ${host} leave as unknown traffic: no ServiceEntry, DestinationRule or egress route applies to them`;
      const rel: Related[] = definers.slice(0, 3).map((r) => related(r, `${label(r)} registers ${host} in namespace ${r.namespace}`));
      if (policy.resource && policy.span && policy.resource !== sc) rel.push({ uri: policy.resource.uri, span: policy.span, message: `outboundTrafficPolicy: ${policy.mode}` });
      report(
        sc.uri,
        finding(
          Rules.SidecarEgressImportsNothing,
          sc,
          entry.span,
          `"${entry.value}" imports ${host} only as defined in namespace ${ns}, but the workspace registers it in ${where.join(', ')}: this entry imports nothing, and ${effect}. ` +
            `Write "${where[0]}/${host}" (the namespace where the ${definers[0]?.kind ?? 'Service'} is defined) or "*/${host}".`,
          { related: rel.length ? rel : undefined, data: { host, namespaces: where } },
        ),
      );
    }
  },
});
