import { readFileSync } from 'node:fs';
import { FieldbenchError } from '../../shared/errors';

export const MQTT_LOGIN_OPTIONS = {
  user: { type: 'string' },
  'password-file': { type: 'string' },
  ca: { type: 'string' },
} as const;

/** A broker URL's login from --user and --password-file (a password never goes on the command line), and --ca for mqtts. */
export function mqttLogin(values: { user?: string; 'password-file'?: string; ca?: string }): { username?: string; password?: string; ca?: string } {
  if (values['password-file'] !== undefined && values.user === undefined) throw new FieldbenchError('invalid_input', '--password-file needs --user');
  const ca = values.ca === undefined ? {} : { ca: readText(values.ca, '--ca') };
  if (values.user === undefined) return ca;
  if (values['password-file'] === undefined) throw new FieldbenchError('invalid_input', '--user needs --password-file (a file holding the password)');
  return { username: values.user, password: readText(values['password-file'], '--password-file').replace(/\r?\n$/, ''), ...ca };
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new FieldbenchError('invalid_input', `${flag}: ${(err as Error).message}`);
  }
}

export function checkBrokerUrl(url: string | undefined, flag: string): string {
  if (!url) throw new FieldbenchError('invalid_input', `${flag} needs a broker URL such as mqtt://127.0.0.1:1883`);
  if (!/^mqtts?:\/\/[^/]+/.test(url)) throw new FieldbenchError('invalid_input', `${flag} "${url}" is not mqtt://HOST:PORT or mqtts://HOST:PORT`);
  return url;
}
