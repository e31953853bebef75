// IST0130 and IST0131: route rules and match clauses that never take traffic.
// Envoy tries a VirtualService's rules in order and takes the first whose match
// fits, so a rule after a catch-all (a rule without `match`), or one whose every
// match repeats an earlier rule's, is never used (IST0130, warning); a match
// clause that repeats an earlier one, or whose `uri.prefix` and other
// conditions are covered by an earlier prefix match, is dead (IST0131,
// information). Istio's webhook returns these as warnings (validation.go
// analyzeUnreachableHTTPRules, analyzeUnreachableTCPRules,
// analyzeUnreachableTLSRules) and istioctl analyze reports them with these
// codes; `kubectl apply` succeeds.
import { isAlias, isMap, isPair, isScalar, isSeq, type YAMLMap } from 'yaml';
import { deref, hasRange, keyText } from '../parse/ast';
import type { Findings } from './report';
import { entries, keySpanOf, listItems, one, present, text, valueSpan, type At } from './nodes';

export function checkRouteOrder(f: Findings, spec: At): void {
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    const routes = listItems(one(spec, protocol));
    if (routes.length === 0) continue;
    // Both checks of an http route compare its matches without their names: each is made text once.
    const keyOf = matchKeys(protocol === 'http');
    unreachable(f, protocol, routes, keyOf);
    if (protocol === 'http') overlappingPrefixes(f, routes, keyOf);
  }
}

type MatchKey = (node: unknown) => string;

/** A match's canonical text, made once per node; http matches are compared without their `name`. */
function matchKeys(dropName: boolean): MatchKey {
  const keys = new Map<unknown, string>();
  return (node) => {
    let key = keys.get(node);
    if (key === undefined) keys.set(node, (key = canonical(node, dropName)));
    return key;
  };
}

function routeName(route: At, index: number, http: boolean): string {
  const name = http ? text(one(route, 'name')) : undefined;
  return name ? `"${name}"` : `#${index}`;
}

function matchName(match: At, index: number, http: boolean): string {
  const name = http ? text(one(match, 'name')) : undefined;
  return name ? `"${name}"` : `#${index}`;
}

/** Where a rule is reported: its `match` key, else its first key. */
function ruleSpan(route: At) {
  const match = one(route, 'match');
  if (match) return keySpanOf(match);
  // valueSpan reads no path: reading route.path would build it from the parent chain.
  if (isMap(route.node) && route.node.items.length > 0) return valueSpan({ node: route.node.items[0].key, path: [] });
  return valueSpan(route);
}

/** The match as data, without its name, with keys sorted: equal text means equal conditions. */
export function canonical(node: unknown, dropName: boolean): string {
  // Written directly for the common shape; anything else (values the yaml package makes of tags) as JSON of norm().
  return canonicalText(node, dropName, 0) ?? JSON.stringify(norm(node, dropName));
}

/** JSON.stringify(norm(node)) built without the nested arrays, or undefined for a scalar that is not a string, number, boolean or null. */
function canonicalText(n: unknown, dropName: boolean, depth: number): string | undefined {
  if (depth > 64) return undefined;
  if (isMap(n)) {
    const out = sortedEntries(n, dropName);
    let text = '[';
    for (let i = 0; i < out.length; i++) {
      const value = canonicalText(out[i][1], false, depth + 1);
      if (value === undefined) return undefined;
      text += `${i > 0 ? ',' : ''}[${JSON.stringify(out[i][0])},${value}]`;
    }
    return text + ']';
  }
  if (isSeq(n)) {
    let text = '[';
    for (let i = 0; i < n.items.length; i++) {
      const value = canonicalText(n.items[i], false, depth + 1);
      if (value === undefined) return undefined;
      text += (i > 0 ? ',' : '') + value;
    }
    return text + ']';
  }
  if (isScalar(n)) {
    const v = n.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? JSON.stringify(v) : undefined;
  }
  return 'null';
}

/** A map's entries that have a key in the text, sorted by key, values read through aliases (as entries() reads them). */
function sortedEntries(n: YAMLMap, dropName: boolean): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const item of n.items) {
    if (!isPair(item)) continue;
    const key = keyText(item);
    if (key === undefined || !hasRange(item.key) || (dropName && key === 'name')) continue;
    out.push([key, isAlias(item.value) ? deref(item.value) : item.value]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// A map is its entries sorted by key (map values read through aliases, as entries() reads them), a list
// its items, a scalar its value, anything else null. Built directly: no At object per entry.
function norm(n: unknown, dropName: boolean): unknown {
  if (isMap(n)) return sortedEntries(n, dropName).map(([key, value]) => [key, norm(value, false)]);
  if (isSeq(n)) return n.items.map((i) => norm(i, false));
  if (isScalar(n)) return n.value;
  return null;
}

function unreachable(f: Findings, protocol: 'http' | 'tcp' | 'tls', routes: At[], keyOf: MatchKey): void {
  const http = protocol === 'http';
  const seen = new Map<string, number>();
  let catchAll = -1;
  routes.forEach((route, rulen) => {
    if (!present(route)) return;
    const matches = listItems(one(route, 'match'));
    const name = routeName(route, rulen, http);
    const span = ruleSpan(route);
    if (matches.length === 0) {
      if (catchAll >= 0 && span) {
        f.at('IST0130', span, `VirtualService rule ${name} not used (only the last rule can have no matches): rule ${routeName(routes[catchAll], catchAll, http)} before it already takes all ${protocol} traffic.`);
      }
      catchAll = rulen;
      return;
    }
    if (catchAll >= 0) {
      if (span) f.at('IST0130', span, `VirtualService rule ${name} not used (route without matches defined before): rule ${routeName(routes[catchAll], catchAll, http)} takes all ${protocol} traffic.`);
      return;
    }
    let duplicates = 0;
    matches.forEach((match, matchn) => {
      const key = keyOf(match.node);
      const dup = seen.get(key);
      if (dup !== undefined) {
        const s = valueSpan(match);
        if (s) f.at('IST0131', s, `VirtualService rule ${name} match ${matchName(match, matchn, http)} is not used (duplicate/overlapping match in rule ${routeName(routes[dup], dup, http)}).`);
        duplicates++;
        return;
      }
      seen.set(key, rulen);
    });
    if (duplicates === matches.length && span) {
      f.at('IST0130', span, `VirtualService rule ${name} not used (all matches used by prior rules).`);
    }
  });
}

interface PrefixMatch {
  route: string;
  match: string;
  at: At;
  prefix: string;
  port: string;
  method: string;
  authority: string;
  headers: Map<string, string>;
  query: Map<string, string>;
  without: Map<string, string>;
}

function exactOrPrefix(sm: At | undefined): string {
  if (!sm) return '';
  const exact = text(one(sm, 'exact'));
  if (exact) return 'exact:' + exact;
  const prefix = text(one(sm, 'prefix'));
  return prefix ? 'prefix:' + prefix : '';
}

function stringMatches(map: At | undefined): Map<string, string> {
  return new Map(entries(map).map((e) => [e.key, exactOrPrefix(e.value)]));
}

/** An earlier `uri.prefix` match that covers a later one with the same other conditions (Istio's coveredValidation). */
function overlappingPrefixes(f: Findings, routes: At[], keyOf: MatchKey): void {
  const list: PrefixMatch[] = [];
  const seen = new Set<string>();
  let catchAll = false;
  routes.forEach((route, rulen) => {
    if (!present(route) || catchAll) return;
    const matches = listItems(one(route, 'match'));
    if (matches.length === 0) {
      catchAll = true;
      return;
    }
    matches.forEach((match, matchn) => {
      const key = keyOf(match.node);
      if (seen.has(key)) return;
      seen.add(key);
      const prefix = text(one(match, 'uri.prefix'));
      if (!prefix) return;
      list.push({
        route: routeName(route, rulen, true),
        match: matchName(match, matchn, true),
        at: match,
        prefix,
        port: String(isScalar(one(match, 'port')?.node) ? (one(match, 'port')!.node as { value: unknown }).value : ''),
        method: exactOrPrefix(one(match, 'method')) || 'exact:GET',
        authority: exactOrPrefix(one(match, 'authority')),
        headers: stringMatches(one(match, 'headers')),
        query: stringMatches(one(match, 'queryParams')),
        without: stringMatches(one(match, 'withoutHeaders')),
      });
    });
  });
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i];
      const b = list[j];
      if (a.prefix === b.prefix || !covers(a, b)) continue;
      const s = valueSpan(b.at);
      if (s) {
        f.at('IST0131', s, `VirtualService rule ${b.route} match ${b.match} of prefix ${b.prefix} is not used (duplicate/overlapping match in rule ${a.route}: match ${a.match} of prefix ${a.prefix} comes first and takes the same requests).`);
      }
    }
  }
}

function sameOrNarrower(a: string, b: string): boolean {
  return a === b || a.startsWith(b);
}

function mapsCovered(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !sameOrNarrower(v, w)) return false;
  }
  return true;
}

function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  return (
    b.prefix.startsWith(a.prefix) &&
    a.port === b.port &&
    sameOrNarrower(a.method, b.method) &&
    sameOrNarrower(a.authority, b.authority) &&
    mapsCovered(a.headers, b.headers) &&
    mapsCovered(a.query, b.query) &&
    mapsCovered(a.without, b.without)
  );
}
