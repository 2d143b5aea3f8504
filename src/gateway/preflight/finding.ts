import type { PreflightFinding } from './types';

export const error = (check: string, what: string, where: string, fix: string): PreflightFinding => ({ severity: 'error', check, what, where, fix });
export const warning = (check: string, what: string, where: string, fix: string): PreflightFinding => ({ severity: 'warning', check, what, where, fix });
export const ok = (check: string, what: string, where: string): PreflightFinding => ({ severity: 'ok', check, what, where, fix: '' });

/** "a, b, c and 4 more": names in a finding, capped so a 1,000-tag project stays readable. */
export function nameList(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}
