import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliSim, startPymodbusTcp, type Peer } from '../helpers/processes';

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('fieldbench read', () => {
  // Flag errors reach no device: outside the describes whose beforeAll starts a peer, so a missing peer fails only
  // the tests that need it.
  it('names the flag at fault and exits 2 on bad arguments', async () => {
    const r = await runCli(['read', '--tcp', '127.0.0.1:502', '--address', '40001', '--count', '1', '--type', 'float33']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--type must be one of/);
    const a = await runCli(['read', '--tcp', '127.0.0.1:502', '--address', '70000']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--address must be an integer from 0 to 65535/);
    const c = await runCli(['read', '--tcp', '127.0.0.1:502', '--address', '0', '--count', '63', '--type', 'float32']);
    expect(c.stderr).toMatch(/--count: at most 62 float32 values/);
  });

  describe('against pymodbus', () => {
    let pymodbus: Peer;
    beforeAll(async () => {
      pymodbus = await startPymodbusTcp(1);
    });
    afterAll(async () => {
      await pymodbus?.stop();
    });

    it('prints one JSON object per value from an independent slave (pymodbus)', async () => {
      const r = await runCli(['read', '--tcp', `127.0.0.1:${pymodbus.port}`, '--unit', '1', '--table', 'holding', '--address', '0', '--count', '1', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(jsonLines(r.stdout)).toEqual([{ address: 0, register: '40001', raw: [1500], value: 1500, quality: { status: 'good' } }]);

      const f = await runCli(['read', '--tcp', `127.0.0.1:${pymodbus.port}`, '--unit', '1', '--address', '9', '--count', '1', '--type', 'float32', '--json']);
      expect(jsonLines(f.stdout)).toEqual([{ address: 9, register: '40010', raw: [0x41cc, 0], value: 25.5, quality: { status: 'good' } }]);

      const i32 = await runCli(['read', '--tcp', `127.0.0.1:${pymodbus.port}`, '--table', 'input', '--address', '0', '--count', '1', '--type', 'int32', '--json']);
      expect(jsonLines(i32.stdout)[0]).toMatchObject({ register: '30001', value: -123456 });

      const swapped = await runCli(['read', '--tcp', `127.0.0.1:${pymodbus.port}`, '--address', '9', '--count', '1', '--type', 'float32', '--order', 'CDAB', '--json']);
      expect(jsonLines(swapped.stdout)[0]!['value']).not.toBe(25.5);

      const coils = await runCli(['read', '--tcp', `127.0.0.1:${pymodbus.port}`, '--table', 'coil', '--address', '0', '--count', '8', '--json']);
      expect(jsonLines(coils.stdout).map((l) => l['value'])).toEqual([true, false, true, true, false, false, false, true]);
    });
  });

  describe('against the built-in simulator', () => {
    let sim: Peer;
    beforeAll(async () => {
      sim = await startCliSim();
    });
    afterAll(async () => {
      await sim?.stop();
    });

    it('reads the built-in simulator the same way', async () => {
      const r = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--address', '0', '--count', '5', '--json']);
      expect(r.code).toBe(0);
      const lines = jsonLines(r.stdout);
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatchObject({ address: 0, register: '40001', value: 1500 });
      const human = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--address', '0', '--count', '1']);
      expect(human.stdout).toMatch(/40001\s+addr\s+0\s+\[05DC\]\s+1500\s+good/);
    });

    it('exits 1 with Bad quality when the device does not answer', async () => {
      const r = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '9', '--address', '0', '--json']);
      expect(r.code).toBe(1);
      expect(jsonLines(r.stdout)[0]).toMatchObject({ value: null, quality: { status: 'bad', reason: 'exception 0x0B (gateway target device failed to respond)' } });
    });
  });
});
