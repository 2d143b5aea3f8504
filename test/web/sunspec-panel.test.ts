import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Device } from '../../src/shared/project/schema';
import { SunSpecFound, SunSpecPanel } from '../../src/renderer/src/screens/map/SunSpecPanel';

/** Issue 13 item 2: the SunSpec panel numbers registers as the Tags table and the CLI do (wire 40002 is 440003). */
describe('SunSpec panel numbering', () => {
  const found = {
    base: 40000,
    models: [
      { id: 1, name: 'common', address: 40002, length: 66, known: true },
      { id: 103, name: 'inverter_three_phase', address: 40070, length: 50, known: true },
    ],
    tags: [],
    notes: [],
  };

  it('shows the marker and each model at its register in the app numbering, beside its wire address', () => {
    const html = renderToStaticMarkup(createElement(SunSpecFound, { d: found }));
    expect(html).toContain('marker “SunS” at register <span class="mono">440001</span> (wire 40000)');
    const cells = [...html.matchAll(/<td class="num mono">(\d+)<\/td><td class="num mono dim">(\d+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(cells).toEqual([
      ['440003', '40002'],
      ['440071', '40070'],
    ]);
  });

  it('says where the Discover button looks, each base once', () => {
    const html = renderToStaticMarkup(createElement(SunSpecPanel, { device: { id: 'd1', name: 'Inverter' } as Device }));
    expect(html).toContain('title="Look for the SunSpec marker at holding register 440001 (wire 40000), 40001 (wire 0) or 450001 (wire 50000) and read the model chain"');
  });
});
