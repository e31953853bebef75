// The bundled example workspace (examples/) as fixture texts under file:///ws/examples/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../../helpers/fixture.mjs';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

let cached;

export function exampleTexts() {
  if (!cached) {
    cached = new Map();
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) cached.set(`${ROOT}/examples/${path.relative(DIR, p).split(path.sep).join('/')}`, fs.readFileSync(p, 'utf8'));
      }
    };
    walk(DIR);
  }
  return new Map(cached);
}
