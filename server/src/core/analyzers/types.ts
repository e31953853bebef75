// The shapes of analyzers. Resource analyzers see one resource and run when its
// file is summarised; workspace analyzers query a snapshot of the whole index.
import type { Finding, Related, Resource, Span } from '../model';
import type { Snapshot } from '../index/snapshot';
import type { Rule } from '../catalog';

export interface ResourceAnalyzer {
  /** The rules it reports, and no others (test/core/rules.test.mjs). */
  rules: readonly Rule[];
  analyze(resource: Resource): Finding[];
}

export type Report = (uri: string, finding: Finding) => void;

export interface WorkspaceAnalyzer {
  rules: readonly Rule[];
  analyze(snapshot: Snapshot, report: Report): void;
  /**
   * Set when `analyze` is one loop over this snapshot collection whose
   * findings for an element depend only on that element and on what it looks
   * up in the snapshot, and the analyzer reads this collection nowhere else.
   * The incremental analysis (index/incremental.ts) then re-runs it only for
   * the elements an edit can affect. Leave it unset for analyzers that compare
   * elements of the collection with each other (conflicts between resources).
   */
  iterates?: IteratedCollection;
  /**
   * For an analyzer without `iterates`: the part of a resource it reads
   * (through any table or method of the snapshot), e.g. a VirtualService
   * without its routes. When every resource of the files an edit changed
   * projects to the same value as before, pairwise and in order, the
   * incremental analysis keeps the analyzer's previous findings instead of
   * re-running it. Return the resource itself for a kind it reads whole.
   */
  reads?: (resource: Resource) => unknown;
}

/** A VirtualService as the analyzers that compare hosts, gateways and exportTo see it: without its routes and document span. */
export function vsWithoutRoutes(resource: Resource): unknown {
  if (resource.data.kind !== 'VirtualService') return resource;
  return { ...resource, span: undefined, data: { ...resource.data, routes: undefined } };
}

/** Collections an analyzer can declare as the one its outer loop walks. */
export type IteratedCollection = 'virtualServices' | 'destinationRules' | 'serviceEntries' | 'gateways';

/** A finding of `rule` on a resource; its severity is the rule's. */
export function finding(
  rule: Rule,
  resource: Resource,
  span: Span,
  message: string,
  extra: { related?: Related[]; data?: object; tags?: Finding['tags'] } = {},
): Finding {
  return {
    code: rule.code,
    severity: rule.severity,
    message,
    span,
    resource: `${resource.kind}/${resource.namespace}/${resource.name}`,
    related: extra.related,
    data: extra.data as Finding['data'],
    tags: extra.tags,
  };
}

export function related(resource: Resource, message: string, span?: Span): Related {
  return { uri: resource.uri, span: span ?? resource.nameSpan ?? resource.span, message };
}

/** `Kind namespace/name` as messages name a resource. */
export function label(resource: Resource): string {
  return `${resource.kind} ${resource.namespace}/${resource.name}`;
}

export function fileName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

/**
 * Two resources that never meet in one cluster, so they never conflict: the
 * same Kind/namespace/name in two files (overlays per environment, a base and
 * a patch) is one object to the cluster, applied from one place or the other;
 * and resources of kustomize or GitOps builds with nothing in common (two
 * overlays of one base, two samples' kustomizations) are alternatives.
 */
export function sameResource(a: Resource, b: Resource): boolean {
  return (a.kind === b.kind && a.namespace === b.namespace && a.name === b.name) || !coexist(a, b);
}

/** Can both be applied together? Unknown (no kustomize or GitOps build around either) counts as yes. */
export function coexist(a: Resource, b: Resource): boolean {
  if (!a.builds || !b.builds) return true;
  return a.builds.some((x) => b.builds!.includes(x));
}
