// The Istio release a workspace targets (setting `istio.version`, CLI flag
// `--istio-version`). Findings that hold only for some releases carry a
// version condition; the settings step keeps or drops them, so summaries and
// their caches do not depend on the setting.

/** The newest release whose API the schema covers; the default. */
export const NEWEST_ISTIO = '1.31';
/** The oldest release whose field additions the overlay records. */
export const OLDEST_TRACKED_ISTIO = '1.22';

/** `1.29`, `1.29.3`, `v1.29.0-rc.1` → `1.29`; undefined when it is not a 1.x release. */
export function normalizeIstioVersion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^v?1\.(\d{1,3})(?:\.\d+)?(?:-[\w.]+)?$/.exec(value.trim());
  return m ? `1.${Number(m[1])}` : undefined;
}

/** Negative when a is older than b (both `1.N`). */
export function compareIstioVersions(a: string, b: string): number {
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  return minor(a) - minor(b);
}

/** When a finding applies: only below a release (a field it lacks), or from a release on (a kind it removed). */
export interface VersionCondition {
  below?: string;
  atLeast?: string;
}

export function holdsFor(condition: VersionCondition | undefined, version: string): boolean {
  if (!condition) return true;
  if (condition.below && compareIstioVersions(version, condition.below) >= 0) return false;
  if (condition.atLeast && compareIstioVersions(version, condition.atLeast) < 0) return false;
  return true;
}
