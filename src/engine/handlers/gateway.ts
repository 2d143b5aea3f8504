import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST } from '../../gateway/bundle/manifest';
import { NODE_RUNTIME_VERSION, nodeRuntimeTarball } from '../../gateway/bundle/node-runtime';
import { BUNDLE_TARGETS, platformOf, type BundleTarget } from '../../gateway/bundle/templates';
import { writeBundle } from '../../gateway/bundle/write-bundle';
import { zipFolder } from '../../gateway/bundle/zip';
import { deployPlan, type DeployPlan } from '../../gateway/preflight/plan';
import { preflightFor } from '../../gateway/preflight/preflight-for';
import { PREFLIGHT_JSON, PREFLIGHT_MARKDOWN, preflightMarkdown } from '../../gateway/preflight/report-text';
import type { DeploySettings, GatewayExportProgress } from '../../shared/contract/gateway';
import { FieldbenchError } from '../../shared/errors';
import type { Handlers } from '../dispatch';
import type { EngineContext } from './context';
import { gatewayAssets } from './gateway-assets';
import { inWorkspace } from '../project/workspace-file';

type GatewayHandlers = Pick<Handlers, 'gateway.preflight' | 'gateway.export'>;

/** Where the app writes bundles: <workspace>/gateways/<folder>, a plain name, never outside. */
export const GATEWAYS_FOLDER = 'gateways';

export function gatewayHandlers(engine: EngineContext): GatewayHandlers {
  const plan = (s: DeploySettings): DeployPlan =>
    deployPlan(engine.store.project, { ...s, ...(s.caFile !== undefined ? { caFile: inWorkspace(engine.store.workspaceDir, s.caFile) } : {}) });
  const progress = (p: GatewayExportProgress) => engine.core.events.emit('gateway.exportProgress', p);
  return {
    'gateway.preflight': async (s) => preflightFor(engine.core, engine.store.project, plan(s), { target: s.target, plaintextReason: s.plaintextReason }),
    'gateway.export': async (s) => {
      if (!(BUNDLE_TARGETS as readonly string[]).includes(s.target)) throw new FieldbenchError('unsupported', `the bundle writer does not make ${s.target} bundles yet (${BUNDLE_TARGETS.join(', ')})`);
      const parent = path.join(engine.store.workspaceDir, GATEWAYS_FOLDER);
      const folder = path.join(parent, s.folder);
      if (path.dirname(folder) !== parent) throw new FieldbenchError('invalid_input', `"${s.folder}" is not a folder name`);
      try {
        progress({ step: 'preflight', message: 'Pre-flight: probing every device and checking the config', fraction: 0.05 });
        const p = plan(s);
        const report = await preflightFor(engine.core, engine.store.project, p, { target: s.target, plaintextReason: s.plaintextReason });
        if (report.counts.error) {
          throw new FieldbenchError('invalid_input', `the pre-flight has ${report.counts.error} error${report.counts.error === 1 ? '' : 's'}: fix them before export`, report.findings.filter((f) => f.severity === 'error').map((f) => ({ path: f.where, message: f.what })));
        }
        progress({ step: 'config', message: `Pre-flight passed (${report.counts.warning} warnings); writing gateway.json and the report`, fraction: 0.4 });
        mkdirSync(parent, { recursive: true });
        const withNode = s.nodeRuntime || s.target === 'docker';
        let nodeRuntime: string | undefined;
        if (withNode) {
          progress({ step: 'runtime', message: `Node.js ${NODE_RUNTIME_VERSION} for ${s.target}: from the cache, or fetched once from the npm registry`, fraction: 0.45 });
          nodeRuntime = await nodeRuntimeTarball(platformOf(s.target as BundleTarget), path.join(engine.options.dataDir, 'node-runtime'), (line) => progress({ step: 'runtime', message: line, fraction: 0.45 }));
        }
        progress({ step: 'bundle', message: `Writing the ${s.target} bundle: runtime, serialport binding, secrets, run script, systemd unit`, fraction: 0.5 });
        const { runtimeFile, prebuildsDir } = gatewayAssets();
        const result = writeBundle({
          outDir: folder,
          target: s.target as BundleTarget,
          installDir: '/opt/fieldbench-gateway',
          config: p.config,
          secrets: p.secrets,
          files: p.files,
          texts: [
            { name: PREFLIGHT_MARKDOWN, content: preflightMarkdown(report) },
            { name: PREFLIGHT_JSON, content: `${JSON.stringify(report, null, 2)}\n` },
          ],
          runtimeFile,
          prebuildsDir,
          ...(nodeRuntime ? { nodeRuntime } : {}),
        });
        const zipPath = `${folder}.zip`;
        progress({ step: 'zip', message: `Wrote ${result.files.length} files, MANIFEST.sha256 last; zipping the folder`, fraction: 0.85 });
        zipFolder(folder, zipPath);
        progress({ step: 'done', message: `Wrote ${result.files.length} files (MANIFEST.sha256 last) and ${path.basename(zipPath)}`, fraction: 1 });
        return { folder, zipPath, files: result.files.length, bytes: result.bytes, manifest: path.join(folder, MANIFEST), report, start: './run' };
      } catch (e) {
        progress({ step: 'failed', message: (e as Error).message, fraction: 1 });
        throw e;
      }
    },
  };
}
