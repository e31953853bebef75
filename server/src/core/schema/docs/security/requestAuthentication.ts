// RequestAuthentication: which JWTs the selected workloads validate, where
// they look for them, and what they pass on. Facts from istio/api
// security/v1beta1/request_authentication.proto, istiod's validation
// (pkg/config/validation/validation.go) and its JWKS resolver
// (pilot/pkg/model/jwks_resolver.go).
import { DURATION_1MS, PAGES, type FieldDoc, type MessageDoc } from '../types';
import { workloadSelector } from '../networking/common';
import { targetRef, targetRefs } from '../type/policyTarget';

const page = PAGES.requestAuthentication;

const JWKS_URI: FieldDoc = {
  doc:
    'Where to fetch the issuer\'s public keys (a JSON Web Key Set) to check token signatures; by default istiod fetches it and hands the keys to the proxies. ' +
    'If the fetch fails, istiod configures keys nobody can sign with, so every token of this issuer is rejected with 401. Set it or `jwks`, not both.',
  default: 'discovered from the issuer\'s OpenID configuration (`<issuer>/.well-known/openid-configuration`)',
  format: 'an `http://` or `https://` URL, at most 2048 characters',
  example: 'issuer: https://accounts.example.com\njwksUri: https://accounts.example.com/.well-known/jwks.json\n# or inline keys instead:  jwks: \'{"keys": [...]}\'',
};

const JWT_HEADER: MessageDoc = {
  page,
  anchor: 'JWTHeader',
  fields: {
    name: {
      doc: 'The request header that carries the token, such as `Authorization` or `x-jwt-assertion`. An empty name is rejected.',
      required: true,
    },
    prefix: {
      doc:
        'Text to strip from the header value before the token, compared exactly and including its trailing space: `"Bearer "` for `Authorization: Bearer <token>`. A header that does not start with the prefix is an invalid token (401); without a prefix the whole value must be the token.',
      default: 'none: the whole header value is the token',
      example: 'fromHeaders:\n- name: Authorization\n  prefix: "Bearer "   # quoted, with the space',
    },
  },
};

const CLAIM_TO_HEADER: MessageDoc = {
  page,
  anchor: 'ClaimToHeader',
  fields: {
    header: {
      doc: 'The request header to write the claim into; an existing header of that name is replaced, so clients cannot forge it. Each header may appear once in the list.',
      required: true,
      format: 'letters, digits, `-` and `_` only',
    },
    claim: {
      doc: 'The claim to copy, with `.` for nested claims (`org.team`). Only string, number and boolean claims are copied; when the claim is absent or of another type, no header is added.',
      required: true,
    },
  },
};

const JWT_RULE: MessageDoc = {
  page,
  anchor: 'JWTRule',
  fields: {
    issuer: {
      doc:
        'The token issuer, compared exactly with the token\'s `iss` claim (a trailing `/` counts); tokens from another issuer are rejected with 401. ' +
        'It is also the first half of the request principal `<iss>/<sub>` that AuthorizationPolicy `requestPrincipals` match.',
      required: 'unless `jwksUri` is set',
      format: 'the issuer string as it appears in `iss`, often an `https://` URL',
      example: 'issuer: https://accounts.example.com   # must equal the token\'s iss exactly',
    },
    audiences: {
      doc: 'Audiences a token may be for: it is accepted when its `aud` claim holds any of them. Left empty, the audience is not checked, so a token the issuer minted for another application is accepted too.',
      default: 'no audience check',
      format: 'list of non-empty strings',
    },
    jwksUri: JWKS_URI,
    jwks_uri: {
      ...JWKS_URI,
      doc: `The proto spelling of \`jwksUri\`, accepted with the same meaning; write \`jwksUri\`. ${JWKS_URI.doc}`,
    },
    jwks: {
      doc:
        'The issuer\'s public keys inline, as a JSON Web Key Set in a string, instead of fetching them from `jwksUri`. It must parse as a key set (istiod rejects it otherwise) and should hold public keys only; rotated keys need an edit here.',
      format: 'a JSON Web Key Set document as a string',
      example: 'jwks: |\n  {"keys": [{"kty": "RSA", "kid": "k1", "n": "...", "e": "AQAB"}]}',
    },
    fromHeaders: {
      doc:
        'Headers to read the token from. Setting any of `fromHeaders`, `fromParams` or `fromCookies` replaces the default locations, so list `Authorization` with prefix `"Bearer "` here too if it should still work. A request carrying tokens in several locations has an undefined principal.',
      default: 'the `Authorization` header with prefix `Bearer `, then the `access_token` query parameter',
      message: JWT_HEADER,
      example: 'fromHeaders:\n- name: x-jwt-assertion\n  prefix: "Bearer "',
    },
    fromParams: {
      doc: 'Query parameters to read the token from (`/path?my_token=<JWT>`). Like `fromHeaders`, setting it replaces the default locations.',
      default: 'the `access_token` parameter, when no location is set',
      format: 'list of non-empty parameter names',
    },
    fromCookies: {
      doc: 'Cookies to read the token from. Like `fromHeaders`, setting it replaces the default locations.',
      format: 'list of non-empty cookie names',
      since: '1.21',
    },
    outputPayloadToHeader: {
      doc: 'A request header in which the proxy passes the verified token\'s payload (its JSON, base64-encoded) to the application, which can then read claims without validating the token again.',
      default: 'not set: the payload is not passed on',
      format: 'an HTTP header name',
    },
    forwardOriginalToken: {
      doc: 'Keep the token in the request sent to the application. By default the proxy removes it after validating, so an application that reads the `Authorization` header itself finds it gone.',
      default: '`false`',
    },
    outputClaimToHeaders: {
      doc: 'Claims of a verified token to copy into request headers, one header per claim, so the application or routing rules can use them. The feature is marked experimental in Istio.',
      since: '1.17',
      message: CLAIM_TO_HEADER,
      example: 'outputClaimToHeaders:\n- header: x-jwt-group\n  claim: group\n- header: x-jwt-team\n  claim: org.team',
    },
    timeout: {
      doc: 'How long fetching the key set at `jwksUri` may take, by istiod or, when `PILOT_JWT_ENABLE_REMOTE_JWKS` makes the proxies fetch it, by Envoy. A slow identity provider beyond this timeout counts as a failed fetch, which rejects every token of the issuer.',
      default: '`5s`',
      format: DURATION_1MS,
      since: '1.22',
    },
    spaceDelimitedClaims: {
      doc: 'Claims whose value is a space-separated string to split into words, so that AuthorizationPolicy conditions on `request.auth.claims[...]` can match one word. `scope` and `permission` are always split.',
      default: '`scope` and `permission` only',
      format: 'list of non-empty claim names, `.` for nested claims',
      range: 'at most 64 names',
    },
  },
};

export const REQUEST_AUTHENTICATION: MessageDoc = {
  page,
  anchor: 'RequestAuthentication',
  fields: {
    selector: {
      ...workloadSelector(
        'The workloads (by pod labels) in the policy\'s namespace that validate tokens; in the root namespace (`istio-system` by default) it selects matching workloads in every namespace. ' +
          'Without it (and without `targetRefs`) every workload of the namespace, or of the mesh from the root namespace, validates these tokens. Waypoint proxies ignore it; they need `targetRefs`.',
      ),
      default: 'every workload in the namespace (the mesh, in the root namespace)',
    },
    targetRef: targetRef('policy'),
    targetRefs: targetRefs('policy'),
    jwtRules: {
      doc:
        'The tokens the selected workloads accept, one rule per issuer. A request with an invalid token (wrong signature, issuer, audience, expired) is rejected with 401, but a request without any token is let through with no identity: ' +
        'to require a token, add an AuthorizationPolicy on `requestPrincipals`.',
      range: 'at most 4096 rules',
      example: 'jwtRules:\n- issuer: https://accounts.example.com\n  jwksUri: https://accounts.example.com/.well-known/jwks.json\n# and, to refuse requests without a token, an AuthorizationPolicy with\n#   from: [{source: {requestPrincipals: ["*"]}}]',
      message: JWT_RULE,
    },
  },
};
