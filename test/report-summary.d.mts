// Types of test/report-summary.mjs for the TypeScript tests that import it.
export interface PlaywrightTestRow {
  file: string;
  title: string;
  status: string;
  skipReason: string;
}
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  filesFailedOutsideTests: number;
  problems: string[];
  allowedSkips: string[];
  line: string;
}
export declare const ALLOWED_PLAYWRIGHT_SKIP: { file: string; reason: RegExp };
export declare function playwrightTests(report: unknown): PlaywrightTestRow[];
export declare function isAllowedPlaywrightSkip(t: PlaywrightTestRow): boolean;
export declare function summarize(reports: { vitest: unknown; playwright: unknown; ci: boolean; root?: string }): Summary;
