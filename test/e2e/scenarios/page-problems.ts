import type { Page } from '@playwright/test';

/**
 * Collect what should never happen on a Fieldbench page: uncaught errors, console errors, requests to anything
 * but 127.0.0.1 (blob: downloads aside), and, when asked, HTTP error responses. Assert the list is empty at the end.
 */
export function watchProblems(page: Page, opts: { httpErrors?: boolean } = {}): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  if (opts.httpErrors) {
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
  }
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol !== 'blob:' && u.hostname !== '127.0.0.1') problems.push(`request to ${req.url()}`);
  });
  return problems;
}
