// Runs every workspace analyzer over a snapshot and merges their findings
// with each file's own, applying suppression annotations and severity settings.
import type { Finding, Resource } from '../model';
import { workspaceAnalyzers } from '../analyzers/registry';
import type { Snapshot } from './snapshot';
import { holdsFor } from '../schema/istioVersion';

export function analyzeWorkspace(snap: Snapshot): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  // Most files have no findings: share their summary's list and copy it only when an analyzer adds to it.
  for (const [uri, file] of snap.files) out.set(uri, file.findings);
  const owned = new Set<string>();
  const report = (uri: string, f: Finding) => {
    const list = out.get(uri);
    if (list && owned.has(uri)) list.push(f);
    else {
      out.set(uri, list ? [...list, f] : [f]);
      owned.add(uri);
    }
  };
  for (const analyzer of workspaceAnalyzers) {
    try {
      analyzer.analyze(snap, report);
    } catch (e) {
      // One broken analyzer must not hide the others' findings.
      console.error(`istio-ls: analyzer ${analyzer.rules.map((r) => r.code).join(',')} failed: ${(e as Error).stack ?? e}`);
    }
  }
  const byKey = suppressionIndex(snap);
  for (const [uri, list] of out) if (list.length > 0) out.set(uri, applySettings(list, byKey, snap));
  return out;
}

/** Resources by `Kind/ns/name`, needed only when some resource suppresses something. */
export function suppressionIndex(snap: Snapshot): Map<string, Resource> {
  const byKey = new Map<string, Resource>();
  if (snap.resources.some((r) => r.suppress.length > 0)) for (const r of snap.resources) byKey.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  return byKey;
}

export function applySettings(list: Finding[], byKey: Map<string, Resource>, snap: Snapshot): Finding[] {
  const overrides = snap.settings.severity;
  const result: Finding[] = [];
  for (const f of list) {
    const r = f.resource ? byKey.get(f.resource) : undefined;
    if (r && (r.suppress.includes(f.code) || r.suppress.includes('*'))) continue;
    if (!holdsFor(f.istioVersion, snap.settings.istioVersion)) continue;
    const o = overrides[f.code];
    if (o === 'off') continue;
    result.push(o ? { ...f, severity: o } : f);
  }
  result.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return result;
}
