// ILS0616 on inline jwks: a key set passes; a single bare key passes Istio's
// webhook (its JWK parser reads one key as a one-key set) but Envoy needs the
// "keys" list, so it is reported with that reason; anything else is refused by
// the webhook.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, load } from '../../helpers/fixture.mjs';

const ra = (jwks) => `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: shop }
spec:
  jwtRules:
  - issuer: https://auth.example.com
    jwks: '${jwks}'
`;

test('inline jwks: a set is clean, a bare key is a runtime failure, other JSON is refused', () => {
  assert.deepEqual(findingsOf(load(ra('{"keys": [{"kty": "RSA", "n": "x", "e": "AQAB"}]}'))), []);
  const bare = findingsOf(load(ra('{"kty": "RSA", "n": "x", "e": "AQAB"}')));
  assert.equal(bare.length, 1);
  assert.equal(bare[0].code, 'ILS0616');
  assert.match(bare[0].message, /single key.*Istio accepts it, but Envoy requires a "keys" list/);
  const other = findingsOf(load(ra('{"issuer": "x"}')));
  assert.equal(other[0].code, 'ILS0616');
  assert.match(other[0].message, /must be a JSON Web Key Set/);
});
