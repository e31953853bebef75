// Where kustomize and GitOps controllers put the resources of the workspace,
// applied to the file summaries before the snapshot reads them:
// - a kustomization's `namespace` sets the namespace of every resource it
//   builds, its own files and its bases' (the outermost kustomization wins,
//   as kustomize applies the outer namespace transformer last);
// - a Flux Kustomization's `targetNamespace` does the same for the directory
//   at its path; an Argo CD Application's `destination.namespace` only for
//   the resources there that set no namespace themselves (Argo CD leaves an
//   explicit `metadata.namespace` alone); a path the workspace does not
//   hold is marked (DeployData.outside): its target namespace gets
//   resources the workspace does not show;
// - files a kustomization lists as patches are patches, not resources
//   (a patch of the mesh config still counts as a mesh config);
// - overlays that include one base are alternative builds: the base's
//   resources are placed in each overlay's namespace (Resource.namespaces)
//   and carry the builds that include them (Resource.builds), so resources of
//   two different builds are never compared for conflicts;
// - a kustomization's `namePrefix`/`nameSuffix` gives the resources it builds
//   a new name (Resource.builtName), under which they are found too.
// Pure: it reads summaries and returns summaries; unchanged ones keep their identity.
import { resourceKey } from '../resourceKey';
import type { DeployData, FileSummary, Finding, KustomizationData, Resource } from '../model';
import { isPlaceholder } from '../hosts';
import { isRemote } from './kustomization';
import { URI } from 'vscode-uri';

interface Layer {
  /** An id for the build this layer is the top of. */
  root: string;
  /** The namespace the outermost layer so far sets. */
  namespace?: string;
  /** The namespace an Argo CD Application gives the resources that name none. */
  defaultNamespace?: string;
  /** The name affixes of the layers so far (the outer one's prefix goes in front). */
  prefix?: string;
  suffix?: string;
  /** `Kind/name` of what the kustomizations of the layers so far patch (Resource.patched). */
  patched?: string[];
  /** kustomize builds it: a kustomization lists it, or Flux applies its path (it generates one); an Argo CD directory app does not. */
  kustomize?: true;
}

export interface Placement {
  files: Map<string, FileSummary>;
  /** Changes whenever the placement of any file may change (kustomizations, deploy targets). */
  signature: string;
  /**
   * Places a new summary of a file this placement already holds, when the
   * change cannot move anything else (see `movesOthers`): the same layers apply.
   */
  placeAgain(uri: string, file: FileSummary): FileSummary;
  /** Files a kustomization uses as patches: a change to one changes what its targets' `patched` says. */
  patchFiles: ReadonlySet<string>;
}

/**
 * Whether replacing `before` by `after` can change where other files go: a
 * kustomization or a GitOps deploy target changed, or a file came or went
 * (directories and `resources` entries resolve against the set of files).
 */
export function movesOthers(before: FileSummary | undefined, after: FileSummary | undefined): boolean {
  if (!before || !after) return true;
  if (before.kustomization || after.kustomization) return true;
  return deployTargets(before) !== deployTargets(after);
}

function deployTargets(file: FileSummary): string {
  const out: string[] = [];
  for (const r of file.resources) if (r.data.kind === 'Deploy' && r.data.paths.length > 0) out.push(r.kind, r.namespace, r.name, r.data.targetNamespace ?? '', ...r.data.paths);
  return out.join('\u0000');
}

export function placeResources(files: ReadonlyMap<string, FileSummary>): Placement {
  const kustomizations = new Map<string, { uri: string; data: NonNullable<FileSummary['kustomization']> }>();
  const targets: { root: string; path: string; namespace?: string; argo: boolean; repo?: string }[] = [];
  const sig: string[] = [];
  for (const [uri, file] of files) {
    if (!file.kustomization) continue;
    kustomizations.set(dirOf(uri), { uri, data: file.kustomization });
    sig.push(uri, JSON.stringify(file.kustomization));
  }
  const patchedNamespace = deployNamespaces(kustomizations);
  for (const [uri, file] of files) {
    for (const r of file.resources) {
      if (r.data.kind !== 'Deploy' || r.data.paths.length === 0) continue;
      const namespace = r.data.targetNamespace || (r.kind === 'Kustomization' ? patchedNamespace(uri) : undefined) || undefined;
      const repos = r.data.pathRepos;
      r.data.paths.forEach((path, i) => targets.push({ root: resourceKey(r), path, namespace, argo: r.kind === 'Application' || r.kind === 'ApplicationSet', repo: repos?.[i] }));
      sig.push(r.kind, r.name, r.data.targetNamespace ?? '', ...r.data.paths);
    }
  }
  const signature = sig.join('\u0000');
  const patchFiles = new Set<string>();
  for (const [dir, k] of kustomizations) for (const p of k.data.patches) patchFiles.add(join(dir, p));
  if (kustomizations.size === 0 && targets.length === 0) return { files: new Map(files), signature, placeAgain: (_uri, file) => file, patchFiles };

  const dirs = new Set<string>();
  for (const uri of files.keys()) for (let d = dirOf(uri); d.length > 0 && !dirs.has(d); d = dirOf(d)) dirs.add(d);
  // Which files each build places where, and which files are patches.
  const placed = new Map<string, Layer[]>();
  const patches = new Set<string>();
  const included = new Set<string>();
  for (const [dir, k] of kustomizations) {
    for (const p of k.data.patches) patches.add(join(dir, p));
    for (const entry of k.data.resources) if (!isRemote(entry)) included.add(stripSlash(join(dir, entry)));
  }
  const visit = (dir: string, layer: Layer, seen: Set<string>) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const k = kustomizations.get(dir);
    if (!k) {
      // A directory without a kustomization (a Flux path): every file under it, as Flux generates one; but its
      // generator builds a subdirectory that has a kustomization with kustomize instead of descending into it
      // (fluxcd/pkg kustomize generator), so that one places only what it lists.
      const prefix = dir + '/';
      const nested = [...kustomizations.keys()].filter((d) => d.startsWith(prefix));
      const outer = nested.filter((d) => !nested.some((o) => o !== d && d.startsWith(o + '/')));
      for (const [uri, file] of files) if (uri.startsWith(prefix) && !file.kustomization && !outer.some((d) => uri.startsWith(d + '/'))) add(placed, uri, layer);
      for (const d of outer) visit(d, layer, seen);
      return;
    }
    const targets = patchTargetsOf(dir, k.data, files);
    const inner: Layer = {
      root: layer.root,
      kustomize: true,
      namespace: layer.namespace ?? usable(k.data.namespace),
      defaultNamespace: layer.defaultNamespace,
      prefix: affix(layer.prefix, k.data.namePrefix, true),
      suffix: affix(layer.suffix, k.data.nameSuffix, false),
      ...(layer.patched || targets.length ? { patched: [...(layer.patched ?? []), ...targets] } : {}),
    };
    for (const entry of k.data.resources) {
      if (isRemote(entry)) continue;
      const target = stripSlash(join(dir, entry));
      if (files.has(target)) add(placed, target, inner);
      else if (kustomizations.has(target) || dirs.has(target)) visit(target, inner, seen);
    }
  };
  // A controller's path is relative to its repository's root, which the core does not know: match it as a suffix,
  // but never on a directory that holds every file: that one may be the folder the workspace was checked out
  // into (a clone of istio/istio is a folder named `istio`, and an Application there has `path: istio`).
  const whole = commonDir([...files.keys()]);
  const targeted = new Set<string>();
  // Deploy resources with a path the workspace does not hold: they apply resources from elsewhere.
  const outside = new Set<string>();
  for (const t of targets) {
    const suffix = '/' + stripSlash(t.path.replace(/^\.\//, ''));
    if (suffix === '/') continue;
    let found = false;
    for (const dir of dirs) {
      if (!dir.endsWith(suffix) || whole === dir || whole.startsWith(dir + '/') || otherRepository(t, suffix, dir, whole)) continue;
      found = true;
      targeted.add(dir);
      visit(dir, t.argo ? { root: t.root, defaultNamespace: usable(t.namespace) } : { root: t.root, namespace: usable(t.namespace), kustomize: true }, new Set());
    }
    if (!found) outside.add(t.root);
  }
  for (const dir of kustomizations.keys()) {
    if (included.has(dir) || targeted.has(dir)) continue;
    visit(dir, { root: dir }, new Set());
  }

  const placeAgain = (uri: string, file: FileSummary) => markOutside(patches.has(uri) && !placed.has(uri) ? asPatch(file) : place(file, placed.get(uri)), outside);
  const out = new Map<string, FileSummary>();
  for (const [uri, file] of files) out.set(uri, placeAgain(uri, file));
  return { files: out, signature, placeAgain, patchFiles };
}

/**
 * A one-directory path (`path: resources`) matched below the top of the workspace is weak evidence: an
 * Application of another repository (its `repoURL` names one whose name is nowhere on the directory's path)
 * deploys that repository's `resources`, not every nested `resources` folder of this one
 * (christian-posta/scripted-solo-demos). At the top (`<checkout>/apps`) the path is taken as the workspace's own.
 */
function otherRepository(t: { argo: boolean; repo?: string }, suffix: string, dir: string, whole: string): boolean {
  if (!t.argo || !t.repo || suffix.lastIndexOf('/') > 0 || dirOf(dir) === whole) return false;
  const repo = t.repo.toLowerCase();
  return !dir.toLowerCase().split('/').some((segment) => segment.includes(repo));
}

/** The target namespace that a kustomization's inline patch gives a Flux Kustomization in a file it lists (KustomizationData.deployNamespace). */
function deployNamespaces(kustomizations: ReadonlyMap<string, { data: KustomizationData }>): (uri: string) => string | undefined {
  const listed: [string, string][] = [];
  for (const [dir, k] of kustomizations) {
    if (!k.data.deployNamespace) continue;
    for (const entry of k.data.resources) if (!isRemote(entry)) listed.push([stripSlash(join(dir, entry)), k.data.deployNamespace]);
  }
  return (uri) => listed.find(([target]) => uri === target || uri.startsWith(target + '/'))?.[1];
}

/** The deepest directory that holds every one of `uris`. */
function commonDir(uris: string[]): string {
  let common = uris.length ? dirOf(uris[0]) : '';
  for (const uri of uris) while (common && !uri.startsWith(common + '/')) common = dirOf(common);
  return common;
}

/** Marks the Deploy resources whose paths are not in the workspace (DeployData.outside). */
function markOutside(file: FileSummary, outside: Set<string>): FileSummary {
  const marked = outside.size === 0 ? [] : file.resources.filter((r) => r.data.kind === 'Deploy' && outside.has(resourceKey(r)));
  if (marked.length === 0) return file;
  return memo(file, 'outside:' + marked.map(resourceKey).join(','), () => ({
    ...file,
    resources: file.resources.map((r) => (r.data.kind === 'Deploy' && outside.has(resourceKey(r)) ? memoResource(r, 'outside', () => Object.assign({}, r, { data: { ...(r.data as DeployData), outside: true } })) : r)),
  }));
}

/**
 * A patch file holds partial resources: no resources, and no schema findings
 * on them. Except the mesh config: a patch of the `istio` ConfigMap replaces
 * its `mesh` text, so what it says is a mesh config the build may apply.
 */
function asPatch(file: FileSummary): FileSummary {
  return memo(file, 'patch', () => ({ ...file, resources: file.resources.filter((r) => r.data.kind === 'MeshConfig'), findings: file.findings.filter(isSyntaxFinding) }));
}

function isSyntaxFinding(f: Finding): boolean {
  return f.resource === null && /^ILS000/.test(f.code);
}

function place(file: FileSummary, layers: Layer[] | undefined): FileSummary {
  if (!layers || file.resources.length === 0) return file;
  const roots = [...new Set(layers.map((l) => l.root))].sort();
  const key = JSON.stringify(layers.map((l) => [l.root, l.namespace ?? null, l.defaultNamespace ?? null, l.prefix ?? '', l.suffix ?? '', l.patched ?? [], !!l.kustomize]));
  return memo(file, key, () => ({ ...file, resources: file.resources.map((r) => memoResource(r, key, () => placeResource(r, layers, roots))) }));
}

// A re-summarised file keeps its unchanged Resource objects (workspace.ts); their placed copies keep theirs too.
// One copy per resource and purpose is kept, the last one made: a file is placed under one set of layers at a
// time (a Map per resource was a tenth of the placement of the large benchmark workspace).
const placedResources = new WeakMap<Resource, { key: string; placed: Resource }>();

function memoResource(r: Resource, key: string, make: () => Resource): Resource {
  const m = placedResources.get(r);
  if (m?.key === key) return m.placed;
  const placed = make();
  placedResources.set(r, { key, placed });
  return placed;
}

// Placed copies are made with Object.assign, not `{ ...r, added }`: V8 gives every object made by a spread
// followed by a new key a map of its own, so the lookups of every check and feature over thousands of
// placed resources went megamorphic and missed V8's lookup cache (a loop reading `namespace` from each
// resource of the large benchmark workspace: 11 ms against 0.6 for the same objects sharing maps).
function placeResource(r: Resource, layers: Layer[], roots: string[]): Resource {
  const hits = layers.filter((layer) => layer.patched?.some((t) => matchesTarget(t, r.kind, r.name))).length;
  const patched = hits === 0 ? undefined : hits === layers.length ? ('every' as const) : ('some' as const);
  // A Namespace keeps its name and namespace; a patch may still change its labels (an overlay enrolling it in a waypoint).
  if (r.kind === 'Namespace') return Object.assign({}, r, { builds: roots }, patched ? { patched } : undefined);
  const namespaces = [...new Set(layers.map((l) => l.namespace ?? r.explicitNamespace ?? l.defaultNamespace ?? r.namespace))].sort();
  const namespace = namespaces[0];
  const explicit = layers.every((l) => l.namespace !== undefined || (r.explicitNamespace === undefined && l.defaultNamespace !== undefined)) ? namespace : r.explicitNamespace;
  // Kustomize renames every resource but Namespaces and CRDs; with overlays that disagree, the first build's name.
  const l = layers[0];
  const renamed = (l.prefix || l.suffix) && r.kind !== 'CustomResourceDefinition' ? `${l.prefix ?? ''}${r.name}${l.suffix ?? ''}` : undefined;
  const kustomized = layers.some((layer) => layer.kustomize) ? (true as const) : undefined;
  return Object.assign({}, r, { namespace, explicitNamespace: explicit, namespaces: namespaces.length > 1 ? namespaces : undefined, builds: roots, kustomized }, renamed ? { builtName: renamed } : undefined, patched ? { patched } : undefined);
}

/** What a kustomization patches: the targets it names, and the kind and name of each resource of its strategic-merge patch files. */
function patchTargetsOf(dir: string, k: KustomizationData, files: ReadonlyMap<string, FileSummary>): string[] {
  const out = [...(k.patchTargets ?? [])];
  for (const p of k.patches) for (const r of files.get(join(dir, p))?.resources ?? []) out.push(`${r.kind}/${r.name}`);
  // A component's patches apply to everything the build that lists it holds, the other components' resources too.
  for (const entry of k.resources) {
    if (isRemote(entry)) continue;
    const sub = join(dir, entry);
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const c = files.get(`${sub}/${name}`)?.kustomization;
      if (c?.component) out.push(...patchTargetsOf(sub, { ...c, resources: [] }, files));
    }
  }
  return out;
}

function matchesTarget(target: string, kind: string, name: string): boolean {
  const [k, n] = target.split('/');
  return (k === '*' || k === kind) && (n === '*' || n === name);
}

/** An inner kustomization's affix combined with the outer ones: outer prefixes go in front, outer suffixes behind. */
function affix(outer: string | undefined, inner: string | undefined, prefix: boolean): string | undefined {
  const value = usable(inner) ?? '';
  const combined = prefix ? (outer ?? '') + value : value + (outer ?? '');
  return combined || undefined;
}

const cache = new WeakMap<FileSummary, Map<string, FileSummary>>();

function memo(file: FileSummary, key: string, make: () => FileSummary): FileSummary {
  let m = cache.get(file);
  if (!m) cache.set(file, (m = new Map()));
  let v = m.get(key);
  if (!v) m.set(key, (v = make()));
  return v;
}

/** A namespace value a kustomization or controller sets, unless it is a placeholder for one. */
function usable(ns: string | undefined): string | undefined {
  return ns && !isPlaceholder(ns) ? ns : undefined;
}

function add(map: Map<string, Layer[]>, uri: string, layer: Layer): void {
  const list = map.get(uri);
  if (!list) map.set(uri, [layer]);
  else if (!list.some((l) => l.root === layer.root && l.namespace === layer.namespace && l.prefix === layer.prefix && l.suffix === layer.suffix && l.kustomize === layer.kustomize)) list.push(layer);
}

function dirOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i > 0 ? uri.slice(0, i) : '';
}

function stripSlash(p: string): string {
  return p.replace(/\/+$/, '');
}

const PLAIN_PATH = /^[A-Za-z0-9\-._~/]*$/;

/** A path segment as vscode-uri writes it in a file uri: the index's uris are made that way, whatever the host. */
function escapeSegment(segment: string): string {
  return segment === '' || segment === '.' || segment === '..' ? segment : URI.file(`/${segment}`).toString().slice('file:///'.length);
}

/** A path segment that is empty, `.` or `..`. */
const DOT_OR_EMPTY_SEGMENT = /(^|\/)\.{0,2}(\/|$)/;

/** `dir` joined with a relative path, `.` and `..` resolved. */
function join(dir: string, rel: string): string {
  // Uris escape what a path may hold (`v0.0.0+` is `v0.0.0%2B`): an entry is escaped the same way.
  if (!PLAIN_PATH.test(rel)) rel = rel.split('/').map(escapeSegment).join('/');
  // Most entries are plain relative paths (a kustomization lists each file): nothing to resolve.
  if (!DOT_OR_EMPTY_SEGMENT.test(rel)) return `${dir}/${rel}`;
  const m = /^([a-z]+:\/\/[^/]*)(.*)$/i.exec(dir);
  const prefix = m ? m[1] : '';
  const parts = (m ? m[2] : dir).split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 1) parts.pop();
    } else parts.push(seg);
  }
  return prefix + parts.join('/');
}
