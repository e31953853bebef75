// Collections of samples: repositories such as Istio's `samples/`, a
// project's `examples/` or `docs/`, an operator's `testdata/`, or a starter
// kit's `patterns/` or `blueprints/` (one cluster set-up each) hold many
// independent sample directories, each meant to be applied on its own (often
// each to its own throw-away cluster). Their Gateways and VirtualServices
// reuse the same selectors, hosts and catch-all routes, so comparing one
// sample with another reports conflicts that never meet in a cluster.
// A resource outside every kustomize or GitOps build therefore belongs to the
// unit of its file: the directory just below the innermost collection
// directory on its path (or the file itself when it sits directly in one,
// as the test cases of a `testdata/`, `fixtures/` or a test's `assets/` do),
// or a chapter or lab directory of a book or course (`ch4/`, `lab-2/`), or a
// release's directory (`install/v0.7.0/`) among releases kept side by side.
// Files on no collection path share one unit with everything, as before.
// Pure: a function of the file's uri.
import type { Resource } from '../model';

/** Directory names that hold independent samples or test cases. */
const COLLECTIONS = new Set([
  'samples', 'sample', 'examples', 'example', 'demos', 'demo', 'docs', 'doc', 'tutorials', 'tutorial',
  'test', 'tests', 'testdata', 'e2e', 'fixtures', 'labs', 'archive', '.archive', 'workshops', 'workshop',
  'exercises', 'exercices', 'lessons', 'chapters', 'patterns', 'blueprints', 'scenarios', 'recipes', 'use-cases',
  // Kyverno Chainsaw's and KUTTL's suites: one test per directory, each in a namespace of its own.
  'chainsaw', 'kuttl',
]);

/**
 * Collections whose units are never applied with files outside them either: drafts kept beside the real
 * set-up. Only names nothing else goes by (a service may be called `issues`, an environment `sandbox`).
 */
const DETACHED = new Set(['wip', 'drafts', 'old-versions', 'deprecated', 'obsolete', 'backup', 'backups']);
for (const name of DETACHED) COLLECTIONS.add(name);
/** An old copy kept beside the current one under a name of its own (`grafana-alone-deprecated`, `gateway.old`). */
const DETACHED_SUFFIX = /[-_.](deprecated|obsolete|backups?|old)$/i;
const isDetached = (segment: string): boolean => DETACHED.has(segment.toLowerCase()) || DETACHED_SUFFIX.test(segment);

/**
 * A repository named for its samples (`istio-samples`, `anthos-service-mesh-samples`, `istio-tutorial`, `istio-playground`,
 * `istio-lab`) is a collection too; a `home-lab` is one cluster's GitOps repository, not a lab of exercises.
 */
const NAMED_COLLECTION = /[-_.+](samples|examples|demos|tutorials?|workshops?|labs|exercises|exercices|playground)$|(?<!home)[-_.+]lab$/i;

/**
 * A chapter or lab of a book or course (`ch4`, `chapter-04`, `lab2-routing`, `lesson_3`, `Session 3` (in a uri, `Session%203`),
 * `week-2`, `day-5`, `module-1`, `lecture-7`, `homework-2`): its own unit, as istioinaction/book-source-code's
 * `ch1` … `ch14` each show one chapter's versions of the same resources.
 */
const CHAPTER = /^(ch|chapter|lab|lesson|exercise|session|week|day|module|lecture|class|homework|unit|topic|part)(?:[-_ ]|%20)?\d+((?:[-_. ]|%20).*)?$/i;

/**
 * A release's directory (`install/v0.7.0`, `manifests/1.22.1`, `v1.2-rc0`): releases kept side by side are
 * alternatives, a cluster runs one (kserve's install/<version>/ bundles each hold the whole release).
 */
const RELEASE = /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$/;

/**
 * Inside a collection, a finer unit: a numbered directory (`05-Sidecar/02-egress-proxy`, one example of a
 * numbered course each) or an exercise's stage (`answer/`, `src/`: the start and the solution are applied
 * one at a time). The innermost one on the path below the collection bounds the unit.
 */
const NUMBERED = /^\d{1,3}[a-z]?[-_.]./i;
const STAGES = new Set(['answer', 'answers', 'solution', 'solutions', 'src', 'start', 'starter', 'begin', 'final', 'finish', 'complete']);

/** Test directories; inside one, an `assets` directory holds one test case per file (kiali's tests/integration/assets). */
const TESTS = new Set(['test', 'tests', 'testdata', 'e2e', 'fixtures']);

function isCollection(parts: string[], i: number): boolean {
  const segment = parts[i].toLowerCase();
  if (segment === 'assets') return parts.slice(0, i).some((p) => TESTS.has(p.toLowerCase()));
  return COLLECTIONS.has(segment) || NAMED_COLLECTION.test(parts[i]) || DETACHED_SUFFIX.test(parts[i]);
}

const cache = new Map<string, string>();

/** The sample unit of a file, '' when the file is in no collection. */
export function sampleUnit(uri: string): string {
  let unit = cache.get(uri);
  if (unit !== undefined) return unit;
  const parts = uri.split('/');
  unit = '';
  // The last segment is the file name; a collection directory is any segment before it.
  for (let i = parts.length - 2; i >= 0; i--) {
    if (CHAPTER.test(parts[i]) || RELEASE.test(parts[i])) {
      unit = parts.slice(0, i + 1).join('/');
      break;
    }
    if (!isCollection(parts, i)) continue;
    let end = i + 2;
    for (let j = i + 1; j < parts.length - 1; j++) if (NUMBERED.test(parts[j]) || STAGES.has(parts[j].toLowerCase())) end = Math.max(end, j + 1);
    unit = parts.slice(0, end).join('/');
    break;
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(uri, unit);
  return unit;
}

/** Whether two files may be applied together: no collection splits them. */
export function sameSampleUnit(a: string, b: string): boolean {
  const ua = sampleUnit(a);
  const ub = sampleUnit(b);
  if (ua === ub) return true;
  return (ua === '' || ub === '') && !detached(ua) && !detached(ub);
}

function detached(unit: string): boolean {
  return unit !== '' && unit.split('/').some(isDetached);
}

/**
 * Files one `kubectl apply -f <dir>` (or `-R`) applies together: one's directory is the other's or above it.
 * A resource that names no namespace goes where that command's `-n` puts it.
 */
export function appliedTogether(a: string, b: string): boolean {
  const da = a.slice(0, a.lastIndexOf('/') + 1);
  const db = b.slice(0, b.lastIndexOf('/') + 1);
  return da.startsWith(db) || db.startsWith(da);
}

/**
 * Two files of one sample in sibling directories (`http-proxy/gateway/tcp/` and `http-proxy/sidecar/`): the
 * sample's variants, applied one at a time over what its parent directories hold; and two files of test data,
 * one case each. For conflicts only: a
 * variant still reads the Services and rules of its sibling directories (a sample's `k8s/` and `istio/`).
 */
export function variantDirectories(a: string, b: string): boolean {
  const unit = sampleUnit(a);
  if (unit === '' || unit !== sampleUnit(b)) return false;
  if (!appliedTogether(a, b)) return true;
  // Golden-file test data (`testdata/routes/*.yaml`, `fixtures/input/*.yaml`): one test case per file.
  return a !== b && /\/(testdata|fixtures)\//i.test(unit + '/');
}

/**
 * Can both be applied together? Two builds must share one; otherwise the
 * files must not sit in two different sample directories of a collection.
 * Unknown (no build, no collection) counts as yes.
 */
export function coexist(a: Resource, b: Resource): boolean {
  if (a.builds && b.builds) return a.builds.some((x) => b.builds!.includes(x));
  return sameSampleUnit(a.uri, b.uri);
}
