import { randomUUID } from 'node:crypto';

/** Short, readable, unique ids for project objects: "dev-3f9a1c2b". */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 10)}`;
}
