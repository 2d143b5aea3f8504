import { readFileSync } from 'node:fs';
import { deployPlan, type DeployPlan } from '../gateway/preflight/plan';
import type { Project } from '../shared/project/schema';

/** The northbound and write flags `fieldbench export` and `fieldbench preflight` share (the Deploy screen's settings). */
export const DEPLOY_FLAGS = {
  broker: { type: 'string' },
  group: { type: 'string' },
  node: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  ca: { type: 'string' },
  writable: { type: 'string' },
  'plaintext-reason': { type: 'string' },
} as const;

type DeployFlagValues = { [K in keyof typeof DEPLOY_FLAGS]?: string | undefined };

/** The plan these flags make of a project: the same deployPlan the Deploy screen exports, so what is checked is what is written. */
export function planFromFlags(project: Project, values: DeployFlagValues): DeployPlan {
  return deployPlan(project, {
    broker: values.broker,
    group: values.group,
    node: values.node,
    username: values.user,
    password: values['password-file'] !== undefined ? readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '') : undefined,
    caFile: values.ca,
    writable: values.writable ? values.writable.split(',').map((k) => k.trim()).filter(Boolean) : [],
  });
}
