import { describe, expect, it } from 'vitest';
import { badHosts, scanProblems, splitHosts } from '../../src/renderer/src/screens/devices/scanErrors';
import { zodIssues } from '../../src/shared/errors';
import { ScanRequest } from '../../src/shared/schemas/scan';

// Issue 13 item 11: the scan form's errors name the field in the operator's words, never a raw schema path.
describe('scan form errors', () => {
  it('keeps what was typed between commas as one host, and names a bad one as typed', () => {
    const hosts = splitHosts('127.0.0.1, not a host!');
    expect(hosts).toEqual(['127.0.0.1', 'not a host!']);
    expect(badHosts(hosts)).toBe("'not a host!' is not an IP address or host name");
    expect(badHosts(['10.0.0.1', 'plc-1.local'])).toBeNull();
    expect(badHosts(['a b', 'c/d'])).toBe("'a b' is not an IP address or host name (and 1 more)");
  });

  it("words the engine's own schema problems by field: Hosts, Units to, Probe timeout", () => {
    const input = { kind: 'tcp' as const, hosts: ['127.0.0.1', 'plc', 'x', 'not a host!'], port: 502, units: { from: 9, to: 3 }, timeoutMs: 5 };
    const parsed = ScanRequest.safeParse(input);
    expect(parsed.success).toBe(false);
    const { fields, summary } = scanProblems(input, zodIssues(parsed.error!));
    expect(fields['hosts']).toBe("'not a host!' is not an IP address or host name");
    expect(summary).toContain("Hosts: 'not a host!' is not an IP address or host name");
    expect(summary).toContain('Units to: "from" must not be above "to"');
    expect(summary).toContain('Probe timeout: at least 20');
    expect(summary).not.toMatch(/hosts\.\d|scan\.start|timeoutMs|units\.to/);
  });
});
