import { fileName, useProject } from '../store/project';
import { FileActions } from './FileActions';

export function TopBar() {
  const state = useProject((s) => s.state);
  const info = useProject((s) => s.info);
  return (
    <header className="topbar">
      <div className="brand" title={info ? `${info.name} ${info.version} (${info.host})` : 'Fieldbench'}>
        Fieldbench
      </div>
      <div className="project" data-testid="project-title">
        <span className="project-name" data-testid="project-name">
          {state?.name ?? '…'}
        </span>
        {state?.dirty ? (
          <span className="dirty" data-testid="project-dirty" title="Unsaved changes (autosaved for recovery)">
            ● unsaved
          </span>
        ) : null}
        <span className="project-file" title={state?.path ?? undefined}>
          {state ? (state.path ? fileName(state.path) : 'not saved to a file yet') : ''}
        </span>
      </div>
      <FileActions />
    </header>
  );
}

/** One-line notices about how the open project was loaded: upgraded from an older format, or recovered. */
export function ProjectNotices() {
  const state = useProject((s) => s.state);
  const dismissed = useProject((s) => s.dismissed);
  const dismiss = useProject((s) => s.dismiss);
  if (!state) return null;
  const lines: { key: string; text: string }[] = [];
  if (state.recovered)
    lines.push({ key: 'recovered', text: 'Restored unsaved changes from the last session (autosave). Save to keep them in the project file.' });
  if (state.migratedFrom !== null)
    lines.push({
      key: `migrated-${state.migratedFrom}`,
      text: `This project was written in file format version ${state.migratedFrom} and has been upgraded; saving writes the current format.`,
    });
  const shown = lines.filter((l) => !dismissed.includes(l.key));
  if (shown.length === 0) return null;
  return (
    <div className="project-notices">
      {shown.map((l) => (
        <div className="notice-line" key={l.key} data-testid={`project-notice-${l.key.split('-')[0]}`}>
          <span>{l.text}</span>
          <button type="button" className="link-btn" onClick={() => dismiss(l.key)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
