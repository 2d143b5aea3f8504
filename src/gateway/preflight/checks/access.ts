import { broker } from '../config-view';
import { error, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

/** No anonymous access: a login to the upstream broker, and no anonymous or unsecured client on the OPC UA server. */
export const checkAccess: PreflightCheck = ({ config }) => {
  const out = [];
  const b = broker(config);
  const login = config.northbound.credentials;
  if (b.kind === 'embedded') out.push(ok('access', `the embedded broker requires a login (generated at export; the password only in ${login?.passwordFile ?? 'a 0600 file'})`, 'northbound.credentials'));
  else if (!login) out.push(error('access', `no login for ${b.url}: the gateway would connect anonymously, so the broker accepts anyone`, 'northbound.credentials', 'give the broker user and its password file (--user, --password-file) and turn anonymous access off on the broker'));
  else out.push(ok('access', `logs in to ${b.url} as "${login.username}" (password from ${login.passwordFile})`, 'northbound.credentials'));
  const s = config.opcuaServer;
  if (s) {
    if (s.allowAnonymous) out.push(error('access', 'the OPC UA server accepts anonymous clients', 'opcuaServer.allowAnonymous', 'set allowAnonymous to false and give a user (username and passwordFile)'));
    else if (s.user) out.push(ok('access', `the OPC UA server requires user "${s.user.username}"`, 'opcuaServer.user'));
    const modes = s.securityModes ?? ['SignAndEncrypt'];
    if (modes.includes('None')) out.push(warning('access', 'the OPC UA server offers security mode None: logins and values travel unsigned and readable', 'opcuaServer.securityModes', 'offer SignAndEncrypt (or Sign) only'));
  }
  return out;
};
