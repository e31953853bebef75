// ILS0605 · regular expressions. Istio compiles every `regex` string match
// (uri, headers, queryParams, scheme, method, authority, withoutHeaders,
// corsPolicy.allowOrigins, rewrite.uriRegexRewrite.match) with Go's RE2
// syntax and rejects the resource when it does not compile or is longer than
// 1024 characters (validateStringRegexp). Lookaheads, backreferences and
// possessive quantifiers are not RE2. The compile check uses re2js, a port of
// RE2's parser, rather than JavaScript's RegExp, whose syntax differs.
import { RE2JS } from 're2js';

/** The reason the pattern is rejected, or undefined. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern === '') return 'the regex is empty';
  if (pattern.length > 1024) return `the regex is ${pattern.length} characters long; Istio allows at most 1024`;
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    const message = (e as Error).message.replace(/^error parsing regexp:\s*/, '');
    return `not valid RE2 syntax (${message})`;
  }
}
