/** A value compose.yaml holds: objects, arrays, strings, numbers, booleans. */
export type YamlValue = string | number | boolean | YamlValue[] | { [k: string]: YamlValue };

/** A key as YAML reads it: bare when it is a plain word, else quoted. */
const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k) ? k : JSON.stringify(k));

/** A scalar: strings always double-quoted with JSON's escapes (a YAML double-quoted scalar), so none is misread. */
const scalar = (v: string | number | boolean) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

const isEmpty = (v: YamlValue) => typeof v === 'object' && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/** Block-style YAML for a small document (compose.yaml); empty maps and lists written {} and []. */
export function toYaml(v: YamlValue, indent = ''): string {
  if (typeof v !== 'object') return `${scalar(v)}\n`;
  if (Array.isArray(v)) {
    return v.map((x) => (typeof x === 'object' && !isEmpty(x) ? `${indent}-\n${toYaml(x, `${indent}  `)}` : `${indent}- ${inline(x)}\n`)).join('');
  }
  return Object.entries(v)
    .map(([k, x]) => (typeof x === 'object' && !isEmpty(x) ? `${indent}${key(k)}:\n${toYaml(x, `${indent}  `)}` : `${indent}${key(k)}: ${inline(x)}\n`))
    .join('');
}

function inline(v: YamlValue): string {
  if (typeof v !== 'object') return scalar(v);
  return Array.isArray(v) ? '[]' : '{}';
}
