import type { PreflightReport } from '../../shared/contract/gateway';
import type { Project } from '../../shared/project/schema';
import { probeDevices, type ProbeSource } from './gather';
import type { DeployPlan } from './plan';
import { runPreflight } from './run';

/** Gather the facts (every device probed through `core`, certificates read) and run the pre-flight on a plan. */
export async function preflightFor(core: ProbeSource, project: Project, plan: DeployPlan, o: { target: string | null; plaintextReason?: string | undefined }): Promise<PreflightReport> {
  const probes = await probeDevices(core, project);
  return runPreflight(
    { project, config: plan.config, facts: { probes, certificates: plan.certificates }, now: Date.now(), ...(o.plaintextReason ? { plaintextReason: o.plaintextReason } : {}) },
    o.target,
  );
}
