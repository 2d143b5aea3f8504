import { seededRandom } from '../../src/engine/modbus/sim/faults';
import type { PolledTag } from '../../src/engine/modbus/tag-poller';

/**
 * The seed's demo plant grown to 200 points the way real maps look: clusters of related values with gaps,
 * spread over holding registers 0..~3000, mixing 16- and 32-bit values. Deterministic.
 */
export function plant200(scanClassMs = 1000): PolledTag[] {
  const rnd = seededRandom(200);
  const tags: PolledTag[] = [];
  let address = 0;
  while (tags.length < 200) {
    const clusterSize = 3 + Math.floor(rnd() * 8);
    for (let i = 0; i < clusterSize && tags.length < 200; i++) {
      const width = rnd() < 0.4 ? 2 : 1;
      tags.push({ key: `p${tags.length}`, unitId: 1, table: 'holding', address, width, scanClassMs });
      address += width + (rnd() < 0.3 ? 1 + Math.floor(rnd() * 3) : 0);
    }
    address += 20 + Math.floor(rnd() * 60); // the next equipment block
  }
  return tags;
}
