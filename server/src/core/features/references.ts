// Find references: from a Gateway (its name or a reference to it) every
// VirtualService entry that names it; from a host, every resource that
// defines, claims or routes to it; from a subset, every route that uses it.
import type { Snapshot } from '../index/snapshot';
import { innerSpan, type Reference } from './referenceAt';
import { kubeReferences } from './kubeNavigation';
import { credentialTargets, credentialUses, gatewayTargets, gatewayUses, hostOccurrences, subsetRules, subsetUses, type Location } from './referenceTargets';

export function findReferences(snap: Snapshot, ref: Reference, includeDeclaration: boolean): Location[] {
  const decls: Location[] = [];
  const uses: Location[] = [];
  switch (ref.kind) {
    case 'gateway':
    case 'gatewayRef': {
      if (ref.kind === 'gatewayRef' && ref.target.mesh) {
        for (const vs of snap.virtualServices) {
          for (const g of [...vs.data.gateways, ...vs.data.routes.flatMap((r) => r.matchGateways)]) if (g.value === 'mesh') uses.push({ uri: vs.uri, span: innerSpan(g) });
        }
        break;
      }
      if (ref.kind === 'gatewayRef') {
        const kube = kubeReferences(snap, ref);
        decls.push(...kube.decls);
        uses.push(...kube.uses);
      }
      const gateways = ref.kind === 'gateway' ? [ref.resource] : gatewayTargets(snap, ref);
      for (const gw of gateways) {
        if (gw.nameSpan) decls.push({ uri: gw.uri, span: innerSpan({ value: gw.name, span: gw.nameSpan }) });
        for (const use of gatewayUses(snap, gw)) uses.push({ uri: use.vs.uri, span: use.ref.span });
      }
      break;
    }
    case 'host':
      for (const o of hostOccurrences(snap, ref.host)) (o.role === 'service' || o.role === 'serviceEntry' ? decls : uses).push({ uri: o.resource.uri, span: o.span });
      break;
    case 'subset':
    case 'subsetRef': {
      const defs = subsetRules(snap, ref);
      for (const d of defs) decls.push({ uri: d.dr.uri, span: innerSpan(d.subset.name) });
      for (const use of subsetUses(snap, defs.map((d) => d.dr), ref.ref.value)) uses.push({ uri: use.vs.uri, span: innerSpan(use.ref) });
      break;
    }
    case 'secret':
    case 'credential': {
      const secrets = ref.kind === 'secret' ? [ref.resource] : credentialTargets(snap, ref.resource, ref.ref.value);
      for (const secret of secrets) {
        decls.push({ uri: secret.uri, span: secret.nameSpan ? innerSpan({ value: secret.name, span: secret.nameSpan }) : secret.span });
        for (const use of credentialUses(snap, secret)) uses.push({ uri: use.gw.uri, span: innerSpan(use.ref) });
      }
      if (ref.kind === 'credential' && secrets.length === 0) uses.push({ uri: ref.resource.uri, span: ref.span });
      break;
    }
    default: {
      const kube = kubeReferences(snap, ref);
      decls.push(...kube.decls);
      uses.push(...kube.uses);
    }
  }
  return sortLocations(includeDeclaration ? [...decls, ...uses] : uses);
}

export function sortLocations(locs: Location[]): Location[] {
  const seen = new Set<string>();
  return locs
    .filter((l) => {
      const key = `${l.uri}#${l.span.start}`;
      return !seen.has(key) && !!seen.add(key);
    })
    .sort((a, b) => (a.uri === b.uri ? a.span.start - b.span.start : a.uri < b.uri ? -1 : 1));
}
