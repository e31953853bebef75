// The Sidecar import an egress bundle needs. The bundle's clients are the
// proxies of its namespace; when the Sidecar that configures them by default
// (the namespace's without workloadSelector, else the root namespace's) lists
// egress hosts, they see only what those entries import, and `ns/host`
// imports the services and routes for `host` *defined in* `ns`
// (pilot/pkg/model/sidecar.go). Without an entry for the namespaces of the
// bundle's ServiceEntry and route, the mesh leg is never configured: under
// REGISTRY_ONLY the calls go to the BlackHoleCluster. The route's
// destinations (the egress gateway's Service) come with the imported route
// (collectImportedServices), so they need no entry.
import { isMap, isSeq } from 'yaml';
import type { SidecarData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { covers } from '../hosts';
import { defaultSidecarFor, dotNamespace, parseEgressHost } from '../index/sidecarScope';
import { readSource } from '../edit/sourceFile';
import { resourceKey } from '../resourceKey';
import { appendToList, nodeAt } from '../edit/resourceEdits';
import { get } from '../parse/ast';
import type { EgressPlan } from './egressPlan';
import type { Extension, ScaffoldContext } from './egressBundle';

/**
 * The changes to the default Sidecar of the bundle's namespace that import
 * `host` from each of `namespaces` it does not import yet (one entry each).
 * When the Sidecar has no egress listener without a port, a note says what
 * to add instead.
 */
export function sidecarImports(plan: EgressPlan, namespaces: string[], ctx: ScaffoldContext, notes: string[]): Extension[] {
  const snap = ctx.snapshot;
  const sc = defaultSidecarFor(snap, plan.namespace);
  if (!sc || sc.data.egressHosts.length === 0) return [];
  const missing = [...new Set(namespaces)].filter((ns) => !imports(snap, sc, plan.namespace, ns, plan.host));
  if (missing.length === 0) return [];
  // `.` in the namespace's own Sidecar is that namespace; in the root namespace's it is every proxy's own, so write the name.
  const entries = missing.map((ns) => `${ns === sc.namespace && ns === plan.namespace ? '.' : ns}/${plan.host}`);
  const what = `Sidecar ${sc.namespace}/${sc.name}`;
  const quoted = entries.map((e) => `"${e}"`).join(', ');
  const index = catchAllListener(sc, ctx);
  if (index === undefined) {
    notes.push(`${what} limits what the proxies of ${plan.namespace} import and has no egress listener without a port: add ${quoted} to the egress hosts of the listener for port ${plan.app.number}, or the proxies never see this bundle.`);
    return [];
  }
  notes.push(`Added ${quoted} to the egress hosts of ${what}: without it the proxies of ${plan.namespace} would not import the bundle's routes for ${plan.host} (under REGISTRY_ONLY their calls would go to the BlackHoleCluster).`);
  return entries.map((entry) => ({ resource: sc, change: `import ${entry} in its egress hosts`, edit: (file, key) => appendToList(file, key, ['spec', 'egress', index], 'hosts', entry) }));
}

/** Does an egress entry of the Sidecar import `host` as defined in `ns`, for proxies of `proxyNs`? */
function imports(snap: Snapshot, sc: Typed<SidecarData>, proxyNs: string, ns: string, host: string): boolean {
  return sc.data.egressHosts.some(({ value }) => {
    const entry = parseEgressHost(value);
    if (!entry) return false;
    const nsMatch = entry.nsPart === '*' || entry.nsPart === ns || (entry.nsPart === '.' && dotNamespace(snap, sc, proxyNs) === ns);
    return nsMatch && (entry.host === '*' || covers(entry.host, host.toLowerCase()));
  });
}

/** The index of the Sidecar's first egress listener without a port (the one for every port). */
function catchAllListener(sc: Typed<SidecarData>, ctx: ScaffoldContext): number | undefined {
  const text = ctx.textOf(sc.uri);
  if (text === undefined) return undefined;
  const egress = nodeAt(readSource(sc.uri, text, ctx.defaultNamespace), resourceKey(sc), ['spec', 'egress']);
  if (!isSeq(egress)) return undefined;
  const i = egress.items.findIndex((item) => isMap(item) && get(item, 'port') === undefined);
  return i >= 0 ? i : undefined;
}
