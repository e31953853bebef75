// Reads a kustomization file: the namespace and name affixes it sets, the
// resources it builds and the files it only uses as patches. Kustomize finds
// the file by name in a directory (kustomization.yaml, kustomization.yml or
// Kustomization), and it often has no apiVersion or kind.
import type { KustomizationData } from '../model';
import { get, items, str } from '../parse/ast';

const FILE_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationFile(uri: string): boolean {
  return FILE_NAMES.has(uri.slice(uri.lastIndexOf('/') + 1));
}

export function readKustomization(root: unknown): KustomizationData | undefined {
  if (!root || typeof root !== 'object') return undefined;
  const kind = str(get(root, 'kind'));
  if (kind && kind !== 'Kustomization' && kind !== 'Component') return undefined;
  const resources: string[] = [];
  for (const key of ['resources', 'bases', 'components']) for (const r of items(get(root, key))) pushStr(resources, r);
  const patches: string[] = [];
  for (const p of items(get(root, 'patchesStrategicMerge'))) {
    // An entry is a file path or an inline patch (a YAML string with a newline).
    const text = str(p);
    if (text && !text.includes('\n')) patches.push(text);
  }
  const patchTargets: string[] = [];
  let deployNamespace: string | undefined;
  for (const key of ['patches', 'patchesJson6902']) {
    for (const p of items(get(root, key))) {
      pushStr(patches, get(p, 'path'));
      const target = get(p, 'target');
      // A target without a name (every Service, a label selector) may patch any resource of its kind.
      if (target) patchTargets.push(`${str(get(target, 'kind')) ?? '*'}/${str(get(target, 'name')) ?? '*'}`);
      if (str(get(target, 'kind')) === 'Kustomization') deployNamespace ??= patchedTargetNamespace(str(get(p, 'patch')));
    }
  }
  const external = resources.some(isRemote) || items(get(root, 'helmCharts')).length > 0;
  const secretGenerators: string[] = [];
  for (const g of items(get(root, 'secretGenerator'))) pushStr(secretGenerators, get(g, 'name'));
  return {
    namespace: str(get(root, 'namespace')),
    namePrefix: str(get(root, 'namePrefix')),
    nameSuffix: str(get(root, 'nameSuffix')),
    resources,
    patches,
    patchTargets,
    external,
    ...(kind === 'Component' ? { component: true as const } : {}),
    ...(deployNamespace ? { deployNamespace } : {}),
    ...(secretGenerators.length ? { secretGenerators } : {}),
  };
}

/**
 * The `spec.targetNamespace` an inline patch gives the Flux Kustomizations it targets (a JSON 6902 `add` or
 * `replace` of `/spec/targetNamespace`, or a strategic merge that sets it): home-ops repositories set every
 * app's namespace this way from the namespace directory's kustomization.
 */
function patchedTargetNamespace(patch: string | undefined): string | undefined {
  if (!patch) return undefined;
  const json = /path:\s*["']?\/spec\/targetNamespace["']?\s*\n\s*value:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*$/m.exec(patch) ?? /value:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*\n\s*path:\s*["']?\/spec\/targetNamespace/m.exec(patch);
  return json?.[1] ?? /^\s+targetNamespace:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*$/m.exec(patch)?.[1];
}

/** A remote base: a URL or a `github.com/org/repo//path?ref=` form. */
export function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org|git@)/.test(entry);
}

function pushStr(out: string[], node: unknown): void {
  const v = str(node);
  if (v) out.push(v);
}
