import { readFileSync } from 'node:fs';
import { FieldbenchError } from '../../shared/errors';

export const MQTT_LOGIN_OPTIONS = {
  user: { type: 'string' },
  'password-file': { type: 'string' },
} as const;

/** A broker URL's login from --user and --password-file (a password never goes on the command line). */
export function mqttLogin(values: { user?: string; 'password-file'?: string }): { username?: string; password?: string } {
  if (values['password-file'] !== undefined && values.user === undefined) throw new FieldbenchError('invalid_input', '--password-file needs --user');
  if (values.user === undefined) return {};
  if (values['password-file'] === undefined) throw new FieldbenchError('invalid_input', '--user needs --password-file (a file holding the password)');
  let password: string;
  try {
    password = readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new FieldbenchError('invalid_input', `--password-file: ${(err as Error).message}`);
  }
  return { username: values.user, password };
}

export function checkBrokerUrl(url: string | undefined, flag: string): string {
  if (!url) throw new FieldbenchError('invalid_input', `${flag} needs a broker URL such as mqtt://127.0.0.1:1883`);
  if (!/^mqtts?:\/\/[^/]+/.test(url)) throw new FieldbenchError('invalid_input', `${flag} "${url}" is not mqtt://HOST:PORT or mqtts://HOST:PORT`);
  return url;
}
