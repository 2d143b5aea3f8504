import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FieldbenchError } from '../../shared/errors';
import { migrateProject } from '../../shared/project/migrate';
import { secretPaths, summarizeProject, type ProjectSummary } from '../../shared/project/summary';

export const PROJECT_HELP = `fieldbench project check FILE [--json]
  Opens a project file through the format migrations, as the app would, and prints what it holds (the format version
  it came from, connections, devices, tag maps, tags per source, checkout marks, watches), or every problem by path.
  Exit 0 when the project opens, 1 when it does not (each problem is printed), 2 for bad arguments.`;

const list = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';

function print(s: ProjectSummary, out: (l: string) => void): void {
  out(`${s.name}: format version ${s.fromVersion}${s.fromVersion !== s.version ? ` (opens as version ${s.version} after migration)` : ''}`);
  out(`  connections  ${list(s.connections)}`);
  out(`  devices      ${list(s.devices)}`);
  out(`  tag maps     ${s.tagMaps.length}${s.tagMaps.map((m) => `\n    ${m.name} (${m.device}): ${m.tags} tags`).join('')}`);
  out(`  tags         ${list(s.tagsBySource)}`);
  out(`  checkout     ${list(s.checkout)}`);
  out(`  watches      ${s.watches}`);
}

export async function projectCommand(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new FieldbenchError('invalid_input', `unknown project command "${sub ?? ''}" (try "fieldbench project check FILE")`);
  const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new FieldbenchError('invalid_input', 'project check takes one project file');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = e instanceof SyntaxError ? `not valid JSON: ${e.message}` : code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a project file' : (e as Error).message;
    return report(file, [{ path: '', message: why }], values.json ?? false, out, err);
  }
  const secrets = secretPaths(raw);
  let summary: ProjectSummary;
  try {
    const { project, migratedFrom } = migrateProject(raw);
    summary = summarizeProject(project, migratedFrom ?? project.version);
  } catch (e) {
    const fe = e instanceof FieldbenchError ? e : new FieldbenchError('internal', String(e));
    const issues = fe.issues?.length ? fe.issues : [{ path: '', message: fe.message }];
    return report(file, [...issues, ...secrets.map(secretIssue)], values.json ?? false, out, err);
  }
  if (secrets.length) return report(file, secrets.map(secretIssue), values.json ?? false, out, err);
  if (values.json) out(JSON.stringify({ ok: true, file, ...summary }));
  else print(summary, out);
  return 0;
}

function secretIssue(path: string) {
  return { path, message: 'a secret in a project file: passwords are kept by the OS secret store (or the data folder), never in the project; remove it' };
}

function report(file: string, issues: { path: string; message: string }[], json: boolean, out: (l: string) => void, err: (l: string) => void): number {
  if (json) out(JSON.stringify({ ok: false, file, problems: issues }));
  else for (const i of issues) err(`${file}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
  return 1;
}
