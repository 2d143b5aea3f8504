import type { SerialPortList } from '../../shared/schemas/serial';
import { listSerialPorts } from './list-ports';

/** Re-lists serial ports every few seconds and reports when the set changed: USB adapters plugged in or out. */
export class PortWatcher {
  private timer: NodeJS.Timeout | null = null;
  private last = '';
  current: SerialPortList = { ports: [] };

  constructor(
    private readonly onChange: (list: SerialPortList) => void,
    private readonly periodMs = 2000,
    private readonly list: () => Promise<SerialPortList> = () => listSerialPorts(),
  ) {}

  async refresh(): Promise<SerialPortList> {
    const l = await this.list();
    const key = JSON.stringify(l);
    this.current = l;
    if (key !== this.last) {
      const first = this.last === '';
      this.last = key;
      if (!first) this.onChange(l);
    }
    return l;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
