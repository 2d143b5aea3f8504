import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CertificateCard } from '../../src/renderer/src/screens/opcua/CertificateCard';
import { treeRows, visibleNodes } from '../../src/renderer/src/screens/opcua/treeRows';
import { OBJECTS, preferredEndpoint, type BrowseTree, type TreeNode } from '../../src/renderer/src/store/opcua';
import { tagNameFor } from '../../src/renderer/src/store/opcuaTags';
import { refusedThumbprint, type OpcUaEndpoint } from '../../src/shared/contract';

const node = (nodeId: string, parent: string, extra: Partial<TreeNode> = {}): TreeNode => ({
  nodeId,
  parent,
  browseName: `1:${nodeId}`,
  displayName: nodeId,
  nodeClass: 'Object',
  dataType: null,
  valueRank: null,
  hasChildren: true,
  ...extra,
});

function tree(nodes: TreeNode[], kids: Record<string, string[]>, extra: Partial<BrowseTree> = {}): BrowseTree {
  return { deviceId: 'd', nodes: Object.fromEntries(nodes.map((n) => [n.nodeId, n])), kids, loading: {}, errors: {}, expanded: {}, focused: null, checked: {}, ...extra };
}

describe('the browse tree rows', () => {
  it('shows the children of open nodes depth first, a note where children are still coming, and none of closed ones', () => {
    const t = tree([node('A', OBJECTS), node('B', OBJECTS), node('A1', 'A'), node('A2', 'A')], { [OBJECTS]: ['A', 'B'], A: ['A1', 'A2'] }, { expanded: { A: true, B: true } });
    expect(treeRows(t)).toEqual([
      { kind: 'node', id: 'A', depth: 0 },
      { kind: 'node', id: 'A1', depth: 1 },
      { kind: 'node', id: 'A2', depth: 1 },
      { kind: 'node', id: 'B', depth: 0 },
      { kind: 'note', parent: 'B', depth: 1, text: 'Browsing…', error: false },
    ]);
    expect(visibleNodes(treeRows({ ...t, expanded: { B: false } }))).toEqual(['A', 'B']);
  });

  it('does not open a node inside itself (a graph with a cycle) and shows a failed browse as an error line', () => {
    const t = tree([node('A', OBJECTS), node('B', 'A')], { [OBJECTS]: ['A'], A: ['B'], B: ['A'] }, { expanded: { A: true, B: true } });
    expect(visibleNodes(treeRows(t))).toEqual(['A', 'B', 'A']);
    const failed = tree([], {}, { errors: { [OBJECTS]: 'Browse on opc.tcp://x: the connection was lost' } });
    expect(treeRows(failed)).toEqual([{ kind: 'note', parent: OBJECTS, depth: 0, text: 'Browse on opc.tcp://x: the connection was lost', error: true }]);
  });
});

describe('tag names for browsed nodes', () => {
  it('reads parent.name and stays unique in the map', () => {
    const temp = node('ns=1;s=M1.Temperature', 'ns=1;s=M1', { displayName: 'Temperature', nodeClass: 'Variable' });
    expect(tagNameFor(temp, 'Mixer01', new Set())).toBe('Mixer01.Temperature');
    expect(tagNameFor(temp, 'Mixer01', new Set(['Mixer01.Temperature', 'Mixer01.Temperature #2']))).toBe('Mixer01.Temperature #3');
    expect(tagNameFor(temp, null, new Set())).toBe('Temperature');
    expect(tagNameFor({ ...temp, displayName: '' }, null, new Set())).toBe('1:ns=1;s=M1.Temperature');
  });
});

describe('the endpoint chosen first', () => {
  const ep = (securityMode: OpcUaEndpoint['securityMode'], securityPolicy: string, securityLevel: number, deprecated = false): OpcUaEndpoint => ({
    endpointUrl: 'opc.tcp://127.0.0.1:4840',
    securityMode,
    securityPolicy,
    deprecated,
    securityLevel,
    userTokens: [],
    serverUri: '',
    certificate: null,
    trust: 'unknown',
  });
  it('is the one the server ranks most secure, never a deprecated policy', () => {
    expect(preferredEndpoint([ep('None', 'None', 0), ep('SignAndEncrypt', 'Basic256', 90, true), ep('SignAndEncrypt', 'Basic256Sha256', 50), ep('Sign', 'Basic256Sha256', 20)])).toBe(2);
    expect(preferredEndpoint([ep('SignAndEncrypt', 'Basic128Rsa15', 9, true)])).toBeNull();
  });
});

describe('the thumbprint of a refused server certificate', () => {
  const info = { subject: 'CN=x', issuer: 'CN=x', thumbprint: 'ab'.repeat(20), notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2036-01-01T00:00:00.000Z', applicationUri: 'urn:x', selfSigned: true };
  it('is read from the engine refusal, and not from a refusal of our own certificate by the server', () => {
    // Worded as pki.checkServer and the session word them (opcua-contract.test.ts checks the engine's real refusal).
    const untrusted = { code: 'forbidden', message: `the server at opc.tcp://h:1 presents a certificate that is not trusted: subject "CN=x", issuer "CN=x", thumbprint ${info.thumbprint}, valid ...` };
    expect(refusedThumbprint(untrusted)).toBe(info.thumbprint);
    const byServer = {
      code: 'forbidden',
      message: `the server at opc.tcp://h:1 closed the secure channel (SignAndEncrypt, Basic256Sha256): it most likely does not trust Fieldbench's certificate yet. Add it to the server's trusted list: /x.pem (thumbprint ${'cd'.repeat(20)}, application URI urn:y)`,
    };
    expect(refusedThumbprint(byServer)).toBeNull();
    expect(refusedThumbprint({ code: 'timeout', message: untrusted.message })).toBeNull();
  });
});

describe('the certificate card', () => {
  const cert = { subject: 'CN=Line 3 PLC, O=Acme', issuer: 'CN=Acme CA', thumbprint: '0123456789abcdef0123456789abcdef01234567', notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2021-01-01T00:00:00.000Z', applicationUri: 'urn:acme:plc3', selfSigned: false };
  it('shows subject, issuer, thumbprint in groups of four, validity and URI, and names an expired certificate', () => {
    const html = renderToStaticMarkup(createElement(CertificateCard, { c: cert, testId: 'card' }));
    for (const text of ['CN=Line 3 PLC, O=Acme', 'CN=Acme CA', '0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567', '2020-01-01 to 2021-01-01', 'urn:acme:plc3', 'expired']) expect(html).toContain(text);
    const valid = renderToStaticMarkup(createElement(CertificateCard, { c: { ...cert, notAfter: '2999-01-01T00:00:00.000Z' }, testId: 'card' }));
    expect(valid).not.toContain('expired');
    expect(valid).not.toContain('not yet valid');
  });
});
