// What the validation webhook (and the CRD's validation rules) rejects in a
// RequestAuthentication (validation.go ValidateRequestAuthentication,
// validateJwtRule; pkg/config/security ParseJwksURI):
// - ILS0616: a jwtRule with neither `issuer` nor `jwksUri` (a rule with only
//   `issuer` is valid: keys come from OpenID discovery); a `jwksUri` that is
//   not http:// or https:// (unless it starts with what a deploy tool
//   substitutes, `JWKS_URI` or `${KEYCLOAK_URL}/certs`: the scheme comes
//   with it); inline `jwks` that is not JSON with `keys` (a bare key passes
//   the webhook's jwx parser but Envoy rejects it: reported too, saying so); an
//   empty audience, fromHeaders name, fromParams or fromCookies entry;
//   outputClaimToHeaders without claim or header, or with an invalid header
//   name; a bad timeout.
// - ILS0613 / IST0133: the selector or targetRefs (policyTarget.ts).
import type { Findings } from './report';
import { listItems, one, present, stringList, text, type At } from './nodes';
import { checkPolicyTarget } from './policyTarget';
import { checkDuration } from './durations';
import { startsWithSubstitution } from '../hosts';

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

export function validateRequestAuthentication(f: Findings, spec: At): void {
  checkPolicyTarget(f, spec);
  for (const rule of listItems(one(spec, 'jwtRules'))) {
    if (!present(rule)) continue;
    const issuer = text(one(rule, 'issuer')) ?? '';
    const uriAt = one(rule, 'jwksUri');
    const uri = text(uriAt) ?? '';
    if (!issuer && !uri) f.absent('ILS0616', rule, 'A jwtRule needs an issuer or a jwksUri.');
    if (uri && uriAt && !startsWithSubstitution(uri) && !/^https?:\/\/[^/]/i.test(uri)) f.value('ILS0616', uriAt, `jwksUri must start with http:// or https:// ("${uri}").`);
    const jwksAt = one(rule, 'jwks');
    const jwks = text(jwksAt);
    const form = jwks && jwksAt ? jwksForm(jwks) : 'set';
    if (form === 'invalid') f.value('ILS0616', jwksAt!, 'jwks must be a JSON Web Key Set: a JSON object with a "keys" list.');
    // The webhook's parser (jwx) reads one key as a one-key set, but Envoy's needs the "keys" list.
    if (form === 'key') f.value('ILS0616', jwksAt!, 'jwks is a single key, not a key set: Istio accepts it, but Envoy requires a "keys" list and rejects every token of this issuer (401). Write {"keys": [ … ]}.');
    for (const a of stringList(one(rule, 'audiences'))) if (a.value === '') f.value('ILS0616', a.at, 'An audience cannot be empty.');
    for (const h of listItems(one(rule, 'fromHeaders'))) {
      const name = one(h, 'name');
      if (present(h) && !text(name)) f.absent('ILS0616', name ?? h, 'A fromHeaders entry needs a header name.', !!name, h);
    }
    for (const key of ['fromParams', 'fromCookies']) {
      for (const v of stringList(one(rule, key))) if (v.value === '') f.value('ILS0616', v.at, `An entry of ${key} cannot be empty.`);
    }
    for (const o of listItems(one(rule, 'outputClaimToHeaders'))) {
      const header = text(one(o, 'header')) ?? '';
      if (!header || !text(one(o, 'claim'))) f.absent('ILS0616', o, 'outputClaimToHeaders needs both a claim and a header.');
      else if (!HEADER_NAME.test(header)) f.value('ILS0616', one(o, 'header')!, `"${header}" is not a valid header name (letters, digits, - and _ only).`);
    }
    const timeout = one(rule, 'timeout');
    if (present(timeout)) checkDuration(f, timeout);
  }
}

/** A key set (what Envoy reads), one bare key (`kty` without `keys`: the webhook takes it, Envoy does not), or neither. */
function jwksForm(text: string): 'set' | 'key' | 'invalid' {
  try {
    const parsed = JSON.parse(text) as { keys?: unknown; kty?: unknown } | null;
    if (!parsed || typeof parsed !== 'object') return 'invalid';
    if (Array.isArray(parsed.keys)) return 'set';
    return typeof parsed.kty === 'string' ? 'key' : 'invalid';
  } catch {
    return 'invalid';
  }
}
