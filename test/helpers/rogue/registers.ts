/**
 * The rogue device's own data and the answers a correct slave would give, written here from the spec and not taken
 * from the engine's simulator, so a test against a rogue does not prove only that the simulator and the master agree.
 * Holding (and input) register a holds 1000 + a until written; coils are off until written.
 */
export class RogueRegisters {
  readonly holding = new Map<number, number>();
  readonly coils = new Map<number, boolean>();
  /**
   * Holding registers that keep a written value within limits, as a drive clamps a setpoint: the write is answered
   * with the usual echo of the request, and the register then holds the value clamped.
   */
  readonly clamps = new Map<number, { min: number; max: number }>();

  private store(address: number, value: number): void {
    const c = this.clamps.get(address);
    this.holding.set(address, c ? Math.min(c.max, Math.max(c.min, value)) : value);
  }

  register(address: number): number {
    return this.holding.get(address) ?? (1000 + address) & 0xffff;
  }

  /** The correct answer PDU to a request PDU for FC 1-6, 15 and 16 (writes applied); exception 1 otherwise. */
  answer(req: Buffer): Buffer {
    const fc = req[0]!;
    const a = req.readUInt16BE(1);
    const q = req.readUInt16BE(3);
    switch (fc) {
      case 1:
      case 2: {
        const bytes = Buffer.alloc(Math.ceil(q / 8));
        for (let i = 0; i < q; i++) if (this.coils.get(a + i)) bytes[i >> 3]! |= 1 << (i & 7);
        return Buffer.concat([Buffer.from([fc, bytes.length]), bytes]);
      }
      case 3:
      case 4: {
        const out = Buffer.alloc(2 + q * 2);
        out[0] = fc;
        out[1] = q * 2;
        for (let i = 0; i < q; i++) out.writeUInt16BE(this.register(a + i), 2 + i * 2);
        return out;
      }
      case 5:
        this.coils.set(a, q === 0xff00);
        return Buffer.from(req.subarray(0, 5));
      case 6:
        this.store(a, q);
        return Buffer.from(req.subarray(0, 5));
      case 15:
        for (let i = 0; i < q; i++) this.coils.set(a + i, ((req[6 + (i >> 3)]! >> (i & 7)) & 1) === 1);
        return Buffer.from(req.subarray(0, 5));
      case 16:
        for (let i = 0; i < q; i++) this.store(a + i, req.readUInt16BE(6 + i * 2));
        return Buffer.from(req.subarray(0, 5));
      default:
        return Buffer.from([fc | 0x80, 0x01]);
    }
  }
}

/** The answer a rogue sends for 'wrong-echo': a write that names another value or quantity, a read one unit longer. */
export function wrongEcho(answer: Buffer): Buffer {
  const out = Buffer.from(answer);
  const fc = out[0]!;
  if (fc === 5 || fc === 6 || fc === 15 || fc === 16) {
    out.writeUInt16BE(fc === 5 ? out.readUInt16BE(3) ^ 0xff00 : (out.readUInt16BE(3) + 1) & 0xffff, 3);
    return out;
  }
  if (fc >= 1 && fc <= 4) {
    const extra = fc <= 2 ? 1 : 2;
    return Buffer.concat([Buffer.from([fc, out[1]! + extra]), out.subarray(2), Buffer.alloc(extra)]);
  }
  return out;
}
