import { reportIsCurrent, useDeploy } from './deployStore';

const FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why export cannot start now, or null when it can. */
function blockedBy(s: ReturnType<typeof useDeploy.getState>): string | null {
  if (!s.report) return 'Run the pre-flight first.';
  if (!reportIsCurrent(s)) return 'The settings changed since the pre-flight: run it again.';
  if (s.report.counts.error) return `The pre-flight has ${s.report.counts.error} error${s.report.counts.error === 1 ? '' : 's'}: fix ${s.report.counts.error === 1 ? 'it' : 'them'} first (see the pre-flight below).`;
  if (!FOLDER.test(s.form.folder.trim())) return 'Name the folder: letters, digits, dot, dash and underscore.';
  if (s.result && s.result.folder.split(/[\\/]/).pop() === s.form.folder.trim()) return 'Exported to this folder: name another folder to export again.';
  return null;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Export with progress, refused with its reason while the pre-flight has errors; then what to copy and how to start it. */
export function ExportPanel() {
  const state = useDeploy();
  const { form, set, exporting, progress, result, exportError, exportBundle } = state;
  const blocked = blockedBy(state);
  return (
    <section className="panel deploy-export" data-testid="deploy-export">
      <div className="panel-title-row">
        <h2 className="panel-title">Export</h2>
        <label className="inline-field">
          Folder <span className="muted small">workspace/gateways/</span>
          <input className="mono" value={form.folder} onChange={(e) => set({ folder: e.target.value })} data-testid="deploy-folder" />
        </label>
        <button type="button" className="primary" disabled={blocked !== null || exporting} onClick={() => void exportBundle()} data-testid="deploy-export-button">
          {exporting ? 'Exporting…' : 'Export bundle'}
        </button>
        {blocked && !exporting ? (
          <span className="warn-inline small" data-testid="deploy-export-blocked">
            {blocked}
          </span>
        ) : null}
      </div>
      {exporting || (progress && !result) ? (
        <div className="deploy-progress" data-testid="deploy-progress" data-step={progress?.step ?? 'preflight'}>
          <progress max={1} value={progress?.fraction ?? 0} /> <span className="small">{progress?.message ?? 'Starting…'}</span>
        </div>
      ) : null}
      {exportError ? (
        <p className="sev-error small" role="alert" data-testid="deploy-export-error">
          Export failed: {exportError}
        </p>
      ) : null}
      {result ? (
        <div className="deploy-result" data-testid="deploy-result">
          <dl>
            <dt>Folder</dt>
            <dd>
              <code data-testid="deploy-result-folder">{result.folder}</code>
            </dd>
            <dt>Steps</dt>
            <dd className="small" data-testid="deploy-result-steps">
              {progress?.message ?? ''}
            </dd>
            {result.zipPath ? (
              <>
                <dt>Zip</dt>
                <dd>
                  <code data-testid="deploy-result-zip">{result.zipPath}</code> <span className="muted small">the same folder in one file, modes kept</span>
                </dd>
              </>
            ) : null}
            <dt>Contents</dt>
            <dd data-testid="deploy-result-size">
              {result.files} files, {mb(result.bytes)}; PREFLIGHT.md and <code>MANIFEST.sha256</code> inside
            </dd>
            <dt>On the edge device</dt>
            <dd>
              <ol className="deploy-steps">
                <li>
                  Copy the folder (or unzip the .zip) to <code>/opt/fieldbench-gateway</code>, keeping file modes: <code>secrets/</code> is owner-only.
                </li>
                <li>
                  Check it: <code>sha256sum -c MANIFEST.sha256</code>
                </li>
                <li>
                  Start it: <code data-testid="deploy-result-start">{result.start}</code> (Ctrl+C stops it), or as a service: <code>cp fieldbench-gateway.service /etc/systemd/system/ && systemctl enable --now fieldbench-gateway.service</code>
                </li>
              </ol>
            </dd>
          </dl>
        </div>
      ) : null}
    </section>
  );
}
