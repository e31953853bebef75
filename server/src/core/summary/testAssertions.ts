// Test assertions of Kyverno Chainsaw and KUTTL: files that describe a
// partial expected state (only the fields a test compares, often with
// JMESPath keys such as `(length(rules)): 2`) to match against the cluster.
// They are never applied, so checking them as resources reports missing
// required fields, unknown keys and conflicts that never exist (a Gateway API
// rollout plugin's e2e suite: hundreds of false errors).
// Recognised by where they live (an `assertions/` or `asserts/` directory),
// by KUTTL's and Chainsaw's names (`00-assert.yaml`, `00-errors.yaml`,
// `*-assert.yaml`), or by a JMESPath key in a mapping.

const ASSERT_DIRS = new Set(['assertions', 'asserts']);
// KUTTL and Chainsaw number their steps (`00-assert.yaml`); a bare `assert.yaml` counts only in a test suite's directory.
const ASSERT_FILE = /^\d+-(assert|errors?)\.ya?ml$|-(assert|assertion)\.ya?ml$/i;
const BARE_ASSERT_FILE = /^(assert|errors?)\.ya?ml$/i;
const SUITE_DIRS = new Set(['chainsaw', 'kuttl', 'e2e', 'test', 'tests']);
/** A mapping key in parentheses: a Chainsaw/Kyverno expression (`(length(rules)):`, `- (weight):`). */
const EXPRESSION_KEY = /^[ \t]*(?:- +)?\([^\n]*\)[ \t]*:(?:[ \t]|$)/m;

/** Why the file is a test assertion, or undefined. */
export function testAssertion(uri: string, text: string): string | undefined {
  const parts = uri.split('/');
  const name = parts[parts.length - 1];
  const dirs = parts.slice(0, -1).map((p) => p.toLowerCase());
  if (dirs.some((p) => ASSERT_DIRS.has(p)) || ASSERT_FILE.test(name) || (BARE_ASSERT_FILE.test(name) && dirs.some((p) => SUITE_DIRS.has(p)))) return 'a test assertion (Chainsaw or KUTTL): a partial expected state compared with the cluster, never applied';
  if (text.includes('(') && EXPRESSION_KEY.test(text)) return 'a test assertion: its keys in parentheses are Chainsaw/Kyverno expressions, not Kubernetes fields';
  return undefined;
}
