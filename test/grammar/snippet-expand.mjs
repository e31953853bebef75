// Expands VS Code snippet bodies the way VS Code inserts them when every
// placeholder keeps its default value. Used by snippets.test.mjs, and reusable by
// any test that needs the text of snippets/istio.json as a user gets it:
//   import { expandSnippet } from './snippet-expand.mjs';
//   expandSnippet(snippet.body)  // body: string or array of lines
import assert from 'node:assert/strict';

// A parser for VS Code's snippet syntax (the grammar of
// https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar):
//   $1  ${1}  ${1:placeholder with ${2:nested} parts}  ${1|one,two|}  $0
//   $VAR  ${VAR}  ${VAR:default}  ${1/regex/format/}  and \$ \} \\ escapes.

/** @typedef {{type:'text', value:string} | {type:'tabstop', index:number, children?:Node[], choices?:string[], transform?:boolean} | {type:'variable', name:string, children?:Node[]}} Node */

export function parseSnippet(body) {
  let pos = 0;
  const peek = () => body[pos];

  function parseInt_() {
    const m = /^[0-9]+/.exec(body.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return Number(m[0]);
  }
  function parseVarName() {
    const m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(body.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  }
  // `/regex/format/options` before the closing `}`: skipped (a transform changes a
  // mirror, never a default; the snippets are asserted to use none). The format may
  // hold `${1:/upcase}`-style groups, whose `/` and `}` do not end it.
  function skipTransform() {
    pos++; // the / after the index or name
    for (let part = 0; part < 2 && pos < body.length; part++) {
      let depth = 0;
      while (pos < body.length && !(body[pos] === '/' && depth === 0)) {
        if (body[pos] === '\\') pos++;
        else if (part === 1 && body[pos] === '$' && body[pos + 1] === '{') depth++, pos++;
        else if (depth > 0 && body[pos] === '}') depth--;
        pos++;
      }
      pos++; // the closing /
    }
    while (pos < body.length && body[pos] !== '}') pos++;
  }
  // Text and nested constructs up to one of the stop characters (not consumed).
  function parseAny(stops) {
    const nodes = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (pos < body.length && !stops.includes(peek())) {
      const c = peek();
      if (c === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        text += body[pos + 1];
        pos += 2;
        continue;
      }
      if (c === '$') {
        const start = pos;
        const node = parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          pos = start + 1;
          text += '$';
        }
        continue;
      }
      text += c;
      pos++;
    }
    flush();
    return nodes;
  }
  function parseDollar() {
    pos++; // $
    const index = parseInt_();
    if (index !== undefined) return { type: 'tabstop', index };
    const name = parseVarName();
    if (name !== undefined) return { type: 'variable', name };
    if (peek() !== '{') return undefined;
    pos++; // {
    const idx = parseInt_();
    if (idx !== undefined) {
      if (peek() === '}') {
        pos++;
        return { type: 'tabstop', index: idx };
      }
      if (peek() === ':') {
        pos++;
        const children = parseAny(['}']);
        assert.equal(peek(), '}', `unclosed placeholder \${${idx}:…`);
        pos++;
        return { type: 'tabstop', index: idx, children };
      }
      if (peek() === '|') {
        pos++;
        const choices = [];
        let cur = '';
        for (;;) {
          assert.ok(pos < body.length, `unclosed choice \${${idx}|…`);
          const c = body[pos];
          if (c === '\\' && ',|\\'.includes(body[pos + 1])) {
            cur += body[pos + 1];
            pos += 2;
          } else if (c === ',') {
            choices.push(cur);
            cur = '';
            pos++;
          } else if (c === '|' && body[pos + 1] === '}') {
            choices.push(cur);
            pos += 2;
            return { type: 'tabstop', index: idx, choices };
          } else {
            cur += c;
            pos++;
          }
        }
      }
      if (peek() === '/') {
        skipTransform();
        assert.equal(peek(), '}', `unclosed transform on \${${idx}/…`);
        pos++;
        return { type: 'tabstop', index: idx, transform: true };
      }
      return undefined;
    }
    const vname = parseVarName();
    if (vname === undefined) return undefined;
    if (peek() === '}') {
      pos++;
      return { type: 'variable', name: vname };
    }
    if (peek() === ':') {
      pos++;
      const children = parseAny(['}']);
      assert.equal(peek(), '}', `unclosed variable \${${vname}:…`);
      pos++;
      return { type: 'variable', name: vname, children };
    }
    if (peek() === '/') {
      skipTransform();
      pos++;
      return { type: 'variable', name: vname };
    }
    return undefined;
  }
  const nodes = parseAny([]);
  return nodes;
}

export function* walk(nodes) {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walk(n.children);
  }
}

/**
 * The text VS Code inserts when every placeholder keeps its default: a placeholder
 * gives its (expanded) default, a choice its first option, a bare `$n` mirrors the
 * default of tabstop n given elsewhere, `$0` and unknown variables give nothing.
 */
export function expandSnippet(body) {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const nodes = parseSnippet(text);
  const defaults = new Map();
  for (const n of walk(nodes)) {
    if (n.type !== 'tabstop' || defaults.has(n.index)) continue;
    if (n.children) defaults.set(n.index, n.children);
    else if (n.choices) defaults.set(n.index, [{ type: 'text', value: n.choices[0] }]);
  }
  const render = (list, seen) =>
    list
      .map((n) => {
        if (n.type === 'text') return n.value;
        if (n.type === 'variable') return n.children ? render(n.children, seen) : '';
        if (n.index === 0) return n.children ? render(n.children, seen) : '';
        const def = n.children ?? defaults.get(n.index);
        if (!def) return '';
        assert.ok(!seen.has(n.index), `tabstop $${n.index} contains itself`);
        return render(def, new Set(seen).add(n.index));
      })
      .join('');
  return render(nodes, new Set());
}

