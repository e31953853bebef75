// The last step before findings leave the core: suppression annotations
// (`galley.istio.io/analyze-suppress`), the Istio release a finding holds for
// (setting istio.version) and the severity settings.
import type { Finding, Resource } from '../model';
import type { Settings } from '../settings';
import type { Snapshot } from './snapshot';
import { holdsFor } from '../schema/istioVersion';

export function applySettings(list: Finding[], suppressing: ReadonlyMap<string, Resource>, settings: Settings): Finding[] {
  const overrides = settings.severity;
  const result: Finding[] = [];
  for (const f of list) {
    const r = f.resource ? suppressing.get(f.resource) : undefined;
    if (r && (r.suppress.includes(f.code) || r.suppress.includes('*'))) continue;
    if (!holdsFor(f.istioVersion, settings.istioVersion)) continue;
    const o = overrides[f.code];
    if (o === 'off') continue;
    result.push(o ? { ...f, severity: o } : f);
  }
  result.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return result;
}

/** Resources that suppress codes, by `Kind/ns/name` (the last in workspace order wins). */
export function suppressionIndex(snap: Snapshot): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const r of snap.suppressing) out.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  return out;
}
