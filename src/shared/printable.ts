/**
 * Text from a device or a file, safe to print on a terminal or in a log line: control characters (an escape sequence
 * that clears the screen, a bell) are shown as \\xNN instead of acting, and very long text is cut with its length said.
 */
export function printable(text: string, max = 500): string {
  const shown = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > max ? `${shown.slice(0, max)}… (${shown.length.toLocaleString('en')} characters)` : shown;
}
