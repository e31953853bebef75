// A canonical key per match of a Gateway API route rule, so that two matches
// that select the same requests compare equal (routeShadowing.ts). Defaults
// are filled in as the Gateway API defines them: an HTTPRoute rule without
// matches matches PathPrefix "/"; path type PathPrefix; header and query
// parameter type Exact; header names are case-insensitive; a PathPrefix
// ignores a trailing "/" (kubernetes-sigs/gateway-api apis/v1/httproute_types.go).
import { isMap, type YAMLMap } from 'yaml';
import type { KubeRouteMatch } from '../model';
import { get, items, span, str } from '../parse/ast';

export function routeMatchKeys(kind: string, rules: unknown[]): KubeRouteMatch[] {
  const out: KubeRouteMatch[] = [];
  rules.forEach((rule, index) => {
    const matches = items(get(rule, 'matches'));
    if (matches.length === 0) {
      const at = firstKeySpan(rule) ?? span(rule);
      if (at) out.push({ rule: index, key: kind === 'GRPCRoute' ? 'grpc *' : 'PathPrefix /', span: at });
      return;
    }
    for (const m of matches) {
      const at = span(m);
      if (at) out.push({ rule: index, key: kind === 'GRPCRoute' ? grpcKey(m) : httpKey(m), span: at });
    }
  });
  return out;
}

function httpKey(m: unknown): string {
  const type = str(get(m, 'path', 'type')) ?? 'PathPrefix';
  let value = str(get(m, 'path', 'value')) ?? '/';
  if (type === 'PathPrefix' && value.length > 1) value = value.replace(/\/+$/, '');
  const parts = [`${type} ${value}`];
  const method = str(get(m, 'method'));
  if (method) parts.push(`method ${method.toUpperCase()}`);
  parts.push(...pairs(get(m, 'headers'), true).map((h) => `header ${h}`));
  parts.push(...pairs(get(m, 'queryParams'), false).map((q) => `query ${q}`));
  return parts.join(', ');
}

function grpcKey(m: unknown): string {
  const method = get(m, 'method');
  const parts = [`grpc ${str(get(method, 'type')) ?? 'Exact'} ${str(get(method, 'service')) ?? '*'}/${str(get(method, 'method')) ?? '*'}`];
  parts.push(...pairs(get(m, 'headers'), true).map((h) => `header ${h}`));
  return parts.join(', ');
}

/** `type name=value` of each header or query parameter match, sorted (their order does not matter). */
function pairs(list: unknown, foldName: boolean): string[] {
  return items(list)
    .map((h) => {
      const name = str(get(h, 'name')) ?? '';
      return `${str(get(h, 'type')) ?? 'Exact'} ${foldName ? name.toLowerCase() : name}=${str(get(h, 'value')) ?? ''}`;
    })
    .sort();
}

function firstKeySpan(rule: unknown): ReturnType<typeof span> {
  return isMap(rule) ? span((rule as YAMLMap).items[0]?.key) : undefined;
}
