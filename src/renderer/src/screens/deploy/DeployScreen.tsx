import './deploy.css';
import { ExportPanel } from './ExportPanel';
import { FindingsTable } from './FindingsTable';
import { SettingsPanel } from './SettingsPanel';
import { reportIsCurrent, useDeploy } from './deployStore';

/** Deploy gateway: the project as a headless gateway bundle for an edge device, after a pre-flight it must pass. */
export function DeployScreen() {
  const report = useDeploy((s) => s.report);
  const current = useDeploy(reportIsCurrent);
  return (
    <div className="screen deploy-screen" data-testid="screen-deploy">
      <div className="screen-head">
        <h1>Deploy gateway</h1>
        <p className="muted">
          Export this project as a folder that runs on the edge device with nothing installed there: it polls the same devices with the same tag maps and publishes them as Sparkplug B. The pre-flight must pass first; its report goes into the folder.
        </p>
      </div>
      <SettingsPanel />
      <ExportPanel />
      {report ? <FindingsTable report={report} stale={!current} /> : null}
    </div>
  );
}
