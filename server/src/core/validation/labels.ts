// Label maps Istio validates as Kubernetes labels (labels.Instance.Validate):
// match sourceLabels, subset labels, ServiceEntry endpoint labels. A key
// must be `prefix/name` with a DNS prefix and a qualified name; a value a
// qualified name or empty. Reported as ILS0612.
import type { Findings } from './report';
import { entries, text, type At } from './nodes';
import { labelKeyProblem, labelValueProblem } from './names';

export function checkLabels(f: Findings, map: At | undefined): void {
  for (const e of entries(map)) {
    const keyProblem = labelKeyProblem(e.key);
    if (keyProblem) f.at('ILS0612', e.keySpan, `Invalid label: ${keyProblem}.`);
    const v = text(e.value);
    const valueProblem = v === undefined ? undefined : labelValueProblem(v);
    if (valueProblem) f.value('ILS0612', e.value, `Invalid label: ${valueProblem}.`);
  }
}
