// ILS0606 · header names and values. Istio rejects (validation.go
// ValidateHTTPHeaderNameOrJwtClaimRoute, ValidateHTTPHeaderOperationName,
// ValidateHTTPHeaderWithAuthorityOperationName, ValidateHTTPHeaderValue and
// header_value_validator.go validateHeaderValue):
// - a match header name that is not an HTTP token (spaces, `:` inside, `"`),
//   except the pseudo-headers `:method`, `:scheme`, `:authority`, `:path`,
//   `:status` and JWT claim routes `@request.auth.claims.<name>`;
// - a header operation on `host` or a `:`-prefixed name (request add/set may
//   set `:authority` and `host`);
// - a header value with control characters or a `%` that does not open a
//   complete `%VARIABLE%` (write `%%` for a literal percent sign).
import { isScalar } from 'yaml';
import type { Findings } from './report';
import { entries, fieldPath, listItems, text, type At } from './nodes';

const TOKEN = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const PSEUDO = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const JWT_CLAIM = '@request.auth.claims';

export function isJwtClaimRoute(name: string): boolean {
  if (!name.toLowerCase().startsWith(JWT_CLAIM)) return false;
  const rest = name.slice(JWT_CLAIM.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

export function matchHeaderNameProblem(name: string): string | undefined {
  if (name === '') return 'a header name cannot be empty';
  if (isJwtClaimRoute(name) || PSEUDO.has(name)) return undefined;
  return TOKEN.test(name) ? undefined : `"${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)`;
}

/** `add`/`set` on the request may target `:authority` or `host`; everything else may not touch them. */
function operationNameProblem(name: string, requestAddOrSet: boolean): string | undefined {
  if (name === '') return 'a header name cannot be empty';
  const lower = name.toLowerCase();
  if (requestAddOrSet) {
    if ((name.startsWith(':') || lower === 'host') && lower !== ':authority' && lower !== 'host') return `header "${name}" cannot be set: names starting with ":" are reserved`;
    return undefined;
  }
  if (lower === 'host') return 'the Host header cannot be changed here (use rewrite.authority, or set it on request headers)';
  if (name.startsWith(':')) return `header "${name}" cannot be changed: names starting with ":" are reserved`;
  return undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/** Envoy's header value format: literal text and `%VARIABLE%` or `%VARIABLE(args)%`; `%%` is a literal %. */
export function headerValueProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return 'the value contains a control character (a line break or tab in a block scalar?)';
  type State = 'literal' | 'name' | 'argsStart' | 'string' | 'arrayNext' | 'arrayString' | 'argsEnd' | 'varEnd';
  let state: State = 'literal';
  const space = (c: string): boolean => c === ' ' || c === '\t';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    switch (state) {
      case 'literal':
        if (c !== '%') break;
        if (i + 1 >= value.length) return 'a lone "%" ends the value; write "%%" for a literal percent sign';
        if (value[i + 1] === '%') i++;
        else state = 'name';
        break;
      case 'name':
        if (c === '%') state = 'literal';
        else if (c === '(') state = 'argsStart';
        break;
      case 'argsStart':
        if (c === '[') state = 'arrayString';
        else if (!space(c)) state = 'string';
        break;
      case 'arrayString': // expecting the opening quote of an array element
        if (c === '"') state = 'string';
        else if (!space(c)) return `expected '"' in the arguments of a %VARIABLE([...])%`;
        break;
      case 'string':
        if (c === '\\') {
          if (i + 1 >= value.length) return 'an unterminated backslash in a %VARIABLE(...)% argument';
          i++;
        } else if (c === ')') state = 'varEnd';
        else if (c === '"') state = 'arrayNext';
        break;
      case 'arrayNext':
        if (c === ',') state = 'arrayString';
        else if (c === ']') state = 'argsEnd';
        else if (!space(c)) return `expected ",", "]" or a space in a %VARIABLE([...])%`;
        break;
      case 'argsEnd':
        if (c === ')') state = 'varEnd';
        else if (!space(c)) return `expected ")" after the "]" of a %VARIABLE([...])%`;
        break;
      case 'varEnd':
        if (c === '%') state = 'literal';
        else if (!space(c)) return 'expected "%" to close a %VARIABLE(...)%';
        break;
    }
  }
  return state === 'literal' ? undefined : 'a "%" opens a variable that is never closed; write "%%" for a literal percent sign';
}

/** Match clauses' `headers` and `withoutHeaders` names. */
export function checkMatchHeaderNames(f: Findings, map: At | undefined): void {
  for (const e of entries(map)) {
    const problem = matchHeaderNameProblem(e.key);
    if (problem) f.at('ILS0606', e.keySpan, `Invalid header name in ${fieldPath(map!.path)}: ${problem}.`, { header: e.key });
  }
}

/** A `headers: {request: {set, add, remove}, response: {…}}` block. */
export function checkHeaderOperations(f: Findings, headers: At | undefined): void {
  if (!headers) return;
  for (const side of entries(headers)) {
    if (side.key !== 'request' && side.key !== 'response') continue;
    for (const op of entries(side.value)) {
      if (op.key === 'remove') {
        for (const item of listItems(op.value)) {
          const name = text(item);
          const problem = name === undefined ? undefined : operationNameProblem(name, false);
          if (problem) f.value('ILS0606', item, `Invalid header in ${fieldPath(op.value.path)}: ${problem}.`);
        }
      } else if (op.key === 'add' || op.key === 'set') {
        for (const h of entries(op.value)) {
          const problem = operationNameProblem(h.key, side.key === 'request');
          if (problem) f.at('ILS0606', h.keySpan, `Invalid header in ${fieldPath(op.value.path)}: ${problem}.`, { header: h.key });
          const v = isScalar(h.value.node) && typeof h.value.node.value === 'string' ? h.value.node.value : undefined;
          const valueProblem = v === undefined ? undefined : headerValueProblem(v);
          if (valueProblem) f.value('ILS0606', h.value, `Invalid value for header "${h.key}": ${valueProblem}.`);
        }
      }
    }
  }
}
