/**
 * The one Content-Security-Policy of the Fieldbench UI. The Electron window enforces it as is; the WebSocket
 * bridge adds its own ws:// origin to connect-src. No 'unsafe-inline', no 'unsafe-eval', anywhere.
 */
export function contentSecurityPolicy(extraConnectSrc?: string): string {
  const connect = extraConnectSrc ? `connect-src 'self' ${extraConnectSrc}` : "connect-src 'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    connect,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
