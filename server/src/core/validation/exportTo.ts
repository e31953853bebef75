// `exportTo` lists (validation.go validateExportTo), reported as ILS0612: a
// namespace listed twice (`.` counts as the resource's own namespace), `*`
// together with other entries, and for a ServiceEntry `~` together with others.
// A DestinationRule with a workloadSelector may be exported to its own
// namespace only.
import type { Findings } from './report';
import { stringList, type At } from './nodes';

export function checkExportTo(f: Findings, list: At | undefined, namespace: string, serviceEntry: boolean, drWithSelector = false): void {
  const items = stringList(list);
  if (items.length === 0) return;
  const seen = new Set<string>();
  for (const { value, at } of items) {
    const key = value === '.' ? namespace : value;
    if (seen.has(key)) {
      f.value('ILS0612', at, value === key ? `"${value}" is listed twice in exportTo.` : `"." is the namespace ${namespace}, already listed in exportTo.`);
      continue;
    }
    seen.add(key);
  }
  if (drWithSelector) {
    if (!seen.has(namespace) || seen.size > 1) {
      f.key('ILS0612', list!, 'A DestinationRule with a workloadSelector can only be exported to its own namespace ("." ).');
    }
  }
  if (seen.has('*') && items.length > 1) f.key('ILS0612', list!, 'exportTo cannot combine "*" (every namespace) with other entries.');
  if (serviceEntry && seen.has('~') && items.length > 1) f.key('ILS0612', list!, 'exportTo cannot combine "~" (no namespace) with other entries.');
}
