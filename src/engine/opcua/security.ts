/** Security policies by the short names the project and the CLI use, and which of them are deprecated. */
export const POLICY_URI_PREFIX = 'http://opcfoundation.org/UA/SecurityPolicy#';

/** Basic128Rsa15 and Basic256 were deprecated by OPC UA 1.04 (SHA-1, PKCS#1 v1.5). */
export const DEPRECATED_POLICIES: ReadonlySet<string> = new Set(['Basic128Rsa15', 'Basic256']);

/** "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256" -> "Basic256Sha256"; empty -> "None". */
export function policyName(uri: string | null | undefined): string {
  if (!uri) return 'None';
  const i = uri.lastIndexOf('#');
  return i >= 0 ? uri.slice(i + 1) : uri;
}

export function policyUri(name: string): string {
  return `${POLICY_URI_PREFIX}${name}`;
}

export type SecurityModeName = 'None' | 'Sign' | 'SignAndEncrypt';

/** MessageSecurityMode numbers (Part 4): 1 None, 2 Sign, 3 SignAndEncrypt. */
export function securityModeName(mode: number): SecurityModeName | 'Invalid' {
  return mode === 1 ? 'None' : mode === 2 ? 'Sign' : mode === 3 ? 'SignAndEncrypt' : 'Invalid';
}

export function securityModeNumber(name: SecurityModeName): number {
  return name === 'None' ? 1 : name === 'Sign' ? 2 : 3;
}

export type UserTokenName = 'anonymous' | 'username' | 'certificate' | 'issued';

/** UserTokenType numbers (Part 4): 0 Anonymous, 1 UserName, 2 Certificate, 3 IssuedToken. */
export function userTokenName(type: number): UserTokenName {
  return type === 0 ? 'anonymous' : type === 1 ? 'username' : type === 2 ? 'certificate' : 'issued';
}
