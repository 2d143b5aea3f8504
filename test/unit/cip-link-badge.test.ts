import { describe, expect, it } from 'vitest';
import { linkText } from '../../src/renderer/src/screens/cip/linkText';
import type { CipLink } from '../../src/shared/contract';

const base: CipLink = { state: 'idle', address: '10.0.0.5:44818', routePath: '1,3', sessionHandle: null, large: null, connectionSize: null, lastError: null, nextAttemptAt: null, failures: 0 };

describe('the EtherNet/IP connection badge', () => {
  it('connected: the Forward Open and the connection size, the session and route in the title', () => {
    const t = linkText({ ...base, state: 'connected', sessionHandle: 0x100a, large: false, connectionSize: 504 }, 0);
    expect(t).toEqual({ tone: 'ok', text: 'Connected · Forward Open · 504 bytes', title: '10.0.0.5:44818, route path 1,3, session 0x0000100A' });
  });

  it('registered: the session handle while Forward Open is under way', () => {
    expect(linkText({ ...base, state: 'connecting', sessionHandle: 0x2b }, 0).text).toBe('Session 0x0000002B registered · Forward Open…');
  });

  it('error: the reason with its CIP status and the seconds to the next attempt, counting down', () => {
    const l: CipLink = { ...base, state: 'error', failures: 3, nextAttemptAt: 10_000, lastError: '10.0.0.5:44818 refused the connection through route path "1,3" (backplane slot 3): Forward Open: CIP status 0x01 (connection failure), extended 0x0315' };
    expect(linkText(l, 6_500)).toMatchObject({ tone: 'bad', text: `Error · next attempt in 4 s · ${l.lastError}` });
    expect(linkText(l, 10_000).text).toBe(`Error · reconnecting · ${l.lastError}`);
    expect(linkText(l, 0).title).toBe(`3 failed attempts in a row: ${l.lastError}`);
  });
});
