// Collects the findings of the webhook rules for one resource. Every finding is
// an error unless its code says otherwise (IST0130/IST0131 are istioctl's
// warning and information): the API server refuses the whole resource.
import type { Finding, Span } from '../model';
import { catalog } from '../catalog';
import { span } from '../parse/ast';
import { fieldPath, keySpanOf, valueSpan, type At } from './nodes';

export class Findings {
  readonly out: Finding[] = [];
  /**
   * @param unknownKeys spans of keys the schema reported as unknown (IST0106): a
   * rule about something missing stays quiet where a misspelt key may be it.
   */
  constructor(
    readonly resource: string,
    private readonly unknownKeys: Span[] = [],
  ) {}

  /** Reports that something is missing from `at`, unless `at` holds a key the schema did not know. */
  absent(code: string, at: At, message: string, onKey = false, scope: At = at): void {
    if (at.via !== undefined && at.node === undefined) return; // an alias without anchor: ILS0101 says so
    const s = span(scope.node);
    if (s && this.unknownKeys.some((k) => k.start >= s.start && k.end <= s.end)) return;
    // Marked: a kustomize patch of the resource's builds may add what is missing (index/engine.ts ownFindings).
    if (onKey) this.key(code, at, message, { kind: 'absent' });
    else this.value(code, at, message, { kind: 'absent' });
  }

  /** Reports on the value of `at` (on its key when the value is empty). */
  value(code: string, at: At, message: string, data?: Record<string, unknown>): void {
    const s = valueSpan(at);
    if (s) this.at(code, s, message, data);
  }

  /** Reports on the key of `at`: the field that must not be there, or that lacks something. */
  key(code: string, at: At, message: string, data?: Record<string, unknown>, istioVersion?: Finding['istioVersion']): void {
    const s = keySpanOf(at);
    if (s) this.at(code, s, message, data, istioVersion);
  }

  /** `istioVersion`: the Istio versions whose webhook has the rule (settings.istioVersion filters the others out). */
  at(code: string, span: Span, message: string, data?: Record<string, unknown>, istioVersion?: Finding['istioVersion']): void {
    this.out.push({ code, severity: catalog[code]?.severity ?? 'error', message, span, resource: this.resource, data, ...(istioVersion ? { istioVersion } : {}) });
  }
}

export { fieldPath };
