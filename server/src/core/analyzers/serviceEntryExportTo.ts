// ILS0303: without exportTo a ServiceEntry is visible to every namespace of
// the mesh, so one team's entry changes routing for all tenants. Scope it with
// `exportTo: ["."]` unless sharing is intended.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

export const serviceEntryExportTo: ResourceAnalyzer = {
  rules: [Rules.ServiceEntryVisibleEverywhere],
  analyze(r: Resource): Finding[] {
    // `exportTo: []` is the default too: visible everywhere.
    if (r.data.kind !== 'ServiceEntry' || (r.data.exportTo !== undefined && r.data.exportTo.length > 0)) return [];
    return [
      finding(Rules.ServiceEntryVisibleEverywhere, r, r.nameSpan ?? r.span, `ServiceEntry ${r.name} has no exportTo, so it is visible to every namespace of the mesh. Add exportTo: ["."] to keep it to ${r.namespace}.`),
    ];
  },
};
