// Quick fixes for the Gateway API parentRef findings (kubeParentRefs.ts).
// ILS0802: a sectionName or port that names no listener becomes the name or
// port of a listener of that Gateway, among those that agree with the rest of
// the parentRef (the other of sectionName/port) and with the route's hostnames.
import { Rules } from '../../catalog';
import type { KubeRouteData, Resource, Span } from '../../model';
import { intersects } from '../../hosts';
import { EditBuilder } from '../../edit/workspaceEdit';
import { quoteLike } from '../../edit/yamlEdits';
import type { NoMatchingListener } from '../../analyzers/kubeParentRefs';
import { dataOf, defineFix, resourceOf, spanOf } from './types';

interface ListenerChange {
  span: Span;
  value: string;
  field: 'sectionName' | 'port';
}

export const changeListenerRef = defineFix<ListenerChange>({
  id: 'changeListenerRef',
  rules: [Rules.NoMatchingListener],
  kind: 'quickfix',
  dataKinds: ['noMatchingListener'],
  offer(f, uri, ctx) {
    const d = dataOf<NoMatchingListener>(f);
    const route = resourceOf(ctx, uri, f.resource) as (Resource & { data: KubeRouteData }) | undefined;
    const field = d.field;
    if (!route || route.data.kind !== 'KubeRoute' || !Array.isArray(d.listeners) || (field !== 'sectionName' && field !== 'port')) return [];
    const ref = route.data.parentRefs.find((p) => (field === 'sectionName' ? p.sectionName : p.port)?.span.start === f.span.start);
    if (!ref) return [];
    const hostnames = route.data.hostnames.map((h) => h.value);
    const seen = new Set<string>();
    return d.listeners.flatMap((l) => {
      if (d.field === 'sectionName' && ref.port && l.port !== ref.port.value) return [];
      if (d.field === 'port' && (ref.sectionName ? l.name !== ref.sectionName.value : false)) return [];
      if (l.hostname && hostnames.length && !hostnames.some((h) => intersects(h, l.hostname!))) return [];
      const value = d.field === 'sectionName' ? l.name : l.port === undefined ? undefined : String(l.port);
      if (value === undefined || seen.has(value)) return [];
      seen.add(value);
      const what = `${l.protocol ?? ''} ${l.port ?? ''}${l.hostname ? `, ${l.hostname}` : ''}`.trim();
      return [{ title: d.field === 'sectionName' ? `Change sectionName to "${value}" (${what})` : `Change port to ${value} (listener ${l.name})`, payload: { span: f.span, value, field } }];
    });
  },
  resolve(p, uri, ctx) {
    const file = ctx.source(uri);
    const span = spanOf(p);
    if (!file || span.start < 0 || typeof p.value !== 'string') return undefined;
    const old = file.text.slice(span.start, span.end);
    const b = new EditBuilder();
    b.add(uri, { span, newText: p.field === 'port' ? p.value : quoteLike(old, p.value) });
    return b.build();
  },
});
