import { importMap } from '../../src/shared/import';
import { opsPerSecond, result, type Bench } from './bench';

const ROWS = 10_000;
const TYPES = ['UINT16', 'INT16', 'FLOAT32', 'UINT32', 'INT32'] as const;
const WIDTH = [1, 1, 2, 2, 2];

/** A 10,000-row vendor map as European Excel writes it: BOM, semicolons, decimal commas, quoted descriptions. */
function vendorCsv(): string {
  const lines = ['Address;Name;Data Type;Scale;Units;Access;Description'];
  let address = 0;
  for (let i = 0; i < ROWS; i++) {
    const k = i % TYPES.length;
    lines.push(`${400001 + address};Point ${i};${TYPES[k]};0,1;V;R;"Measured value ${i}; see manual, page ${i % 40}"`);
    address += WIDTH[k]!;
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Rows per second of a full import (decode, dialect detection, column guess, address/type/number parsing, names,
 * duplicate, overlap and off-by-one checks) versus a naive split(';') of the same text into numbers, in the same run.
 */
export const bench: Bench = {
  name: 'import-csv-10k-rows',
  async run() {
    const text = vendorCsv();
    const bytes = new TextEncoder().encode(text);
    const importOps = await opsPerSecond(async () => {
      const r = importMap(bytes, 'vendor.csv');
      if (r.summary.tags !== ROWS || r.summary.errors !== 0) throw new Error(`import went wrong: ${JSON.stringify(r.summary)}`);
    });
    const naiveOps = await opsPerSecond(async () => {
      const lines = new TextDecoder().decode(bytes).split('\r\n');
      let n = 0;
      for (let i = 1; i < lines.length; i++) {
        const cells = lines[i]!.split(';');
        if (cells.length < 4) continue;
        if (Number(cells[0]) - 400001 >= 0 && Number(cells[3]!.replace(',', '.')) > 0) n++;
      }
      if (n !== ROWS) throw new Error(`naive parse found ${n} rows`);
    });
    return result(this.name, importOps * ROWS, 'rows/s', "naive split(';') of the same text", naiveOps * ROWS, {
      rows: ROWS,
      bytes: bytes.length,
      msPerImport: Math.round((1000 / importOps) * 10) / 10,
      msPerNaiveSplit: Math.round((1000 / naiveOps) * 10) / 10,
    });
  },
};
