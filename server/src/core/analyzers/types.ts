// The shapes of analyzers. Resource analyzers see one resource and run when its
// file is summarised; workspace analyzers see one resource (or one group of
// resources) and query a snapshot of the whole workspace.
import { resourceKey } from '../resourceKey';
import type { Finding, KindData, Related, Resource, Span } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import type { Rule } from '../catalog';
import { coexist, variantDirectories } from '../kustomize/sampleUnits';
import { appliedTogether } from '../kustomize/sampleUnits';

export { coexist };

export interface ResourceAnalyzer {
  /** The rules it reports, and no others (test/core/rules.test.mjs). */
  rules: readonly Rule[];
  analyze(resource: Resource): Finding[];
}

export type Report = (uri: string, finding: Finding) => void;

type KindName = KindData['kind'];
export type DataOf<K extends KindName> = Extract<KindData, { kind: K }>;

/**
 * A cross-file check of one resource of `kind`: what it reports depends on
 * that resource and on what it reads from the snapshot `q`. The engine
 * records those reads and re-runs the check when an edit changes one of
 * them (index/engine.ts).
 */
export interface PerResourceAnalyzer<K extends KindName = KindName> {
  readonly rules: readonly Rule[];
  readonly kind: K;
  check(resource: Typed<DataOf<K>>, q: Snapshot, report: Report): void;
}

/**
 * A conflict check: resources of `kind` meet in groups (`groupKeys`, e.g. the
 * hosts a VirtualService claims), and `checkGroup` compares the members of
 * one group. After an edit only the groups whose members, or whose reads,
 * changed are checked again. Members come in workspace order.
 */
export interface ConflictAnalyzer<K extends KindName = KindName> {
  readonly rules: readonly Rule[];
  readonly kind: K;
  groupKeys(resource: Typed<DataOf<K>>, q: Snapshot): Iterable<string>;
  checkGroup(key: string, members: Typed<DataOf<K>>[], q: Snapshot, report: Report): void;
}

export type WorkspaceAnalyzer = PerResourceAnalyzer | ConflictAnalyzer;

/** Keeps the analyzer's kind parameter while listing it with the others. */
export function perResource<K extends KindName>(a: PerResourceAnalyzer<K>): WorkspaceAnalyzer {
  return a as unknown as WorkspaceAnalyzer;
}

export function conflicts<K extends KindName>(a: ConflictAnalyzer<K>): WorkspaceAnalyzer {
  return a as unknown as WorkspaceAnalyzer;
}

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
    resource: resourceKey(resource),
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
 * a patch, a kustomization's input and its build output) is one object to the cluster, applied from one place or the other;
 * resources of kustomize or GitOps builds with nothing in common (two
 * overlays of one base, two samples' kustomizations) are alternatives; and so
 * are two sample directories of a collection, two variant directories of
 * one sample (kustomize/sampleUnits.ts), and files in sibling trees when one
 * of the two names no namespace.
 */
export function sameResource(a: Resource, b: Resource): boolean {
  return (a.kind === b.kind && a.namespace === b.namespace && sameName(a, b)) || !coexist(a, b) || (!a.builds && !b.builds && variantDirectories(a.uri, b.uri)) || apartWithoutNamespace(a, b);
}

/**
 * A resource that names no namespace goes where `kubectl apply -n` puts it: one command applies a directory
 * and what is below it, so files in sibling trees may land in different namespaces and are not compared.
 */
function apartWithoutNamespace(a: Resource, b: Resource): boolean {
  return (a.explicitNamespace === undefined || b.explicitNamespace === undefined) && !appliedTogether(a.uri, b.uri);
}

/** The same name as written or as kustomize builds it (a base and the build output kept next to it). */
function sameName(a: Resource, b: Resource): boolean {
  return a.name === b.name || (a.builtName ?? a.name) === (b.builtName ?? b.name);
}

