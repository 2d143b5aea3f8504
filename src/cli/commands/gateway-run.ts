import { parseArgs } from 'node:util';
import { formatIssue, loadConfig, type LoadedConfig } from '../../gateway/load-config';
import { jsonLogger } from '../../gateway/logger';
import { GatewayRuntime } from '../../gateway/runtime';
import { FieldbenchError } from '../../shared/errors';

/** `fieldbench gateway run --config FILE`: every config problem by path and exit 2 before anything starts, or run until a signal. */
export async function gatewayRunCommand(argv: string[], out: (l: string) => void, _err: (l: string) => void, stop: Promise<void>): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } }, strict: true });
  if (!values.config) throw new FieldbenchError('invalid_input', 'gateway run needs --config FILE');
  const log = jsonLogger(out);
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(values.config);
  } catch (e) {
    if (!(e instanceof FieldbenchError) || e.code !== 'invalid_input') throw e;
    const issues = e.issues ?? [{ path: '', message: e.message }];
    for (const i of issues) log.error('config.invalid', { config: values.config, path: i.path, message: i.message, problem: formatIssue(i) });
    return 2;
  }
  let rt: GatewayRuntime;
  try {
    rt = await GatewayRuntime.start(loaded, log);
  } catch (e) {
    log.error('gateway.failed', { message: (e as Error).message });
    return 1;
  }
  await stop;
  log.info('gateway.stopping', {});
  await rt.stop();
  return 0;
}
