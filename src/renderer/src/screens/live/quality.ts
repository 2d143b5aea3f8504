import type { Quality } from '../../../../shared/quality';

export function qualityText(q: Quality | undefined): string {
  if (!q) return 'Waiting';
  const label = q.status === 'good' ? 'Good' : q.status === 'bad' ? 'Bad' : 'Uncertain';
  return q.reason ? `${label} – ${q.reason}` : label;
}
