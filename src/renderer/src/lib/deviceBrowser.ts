import { useCallback, useEffect, useMemo } from 'react';
import type { Device } from '../../../shared/project/schema';
import { useDevices } from '../store/devices';
import { useLiveTab } from '../store/liveTab';
import { reportInfo } from '../store/notices';
import { useUi } from '../store/ui';

/**
 * What the OPC UA and EtherNet/IP browsers share: the project's devices of one protocol, one of them open (the first
 * when none is, another when the open one is removed), and the notice after tags were added, with the way to them.
 */
export function useProtocolDevices(protocol: Device['protocol'], openId: string | null, open: (deviceId: string | null) => void): { devices: Device[]; announceAdded: (n: number) => void } {
  const all = useDevices((s) => s.devices);
  const devices = useMemo(() => all.filter((d) => d.protocol === protocol), [all, protocol]);
  const gone = openId !== null && !devices.some((d) => d.id === openId);
  useEffect(() => {
    if (gone) open(null);
    else if (!openId && devices.length) open(devices[0]!.id);
  }, [gone, openId, devices, open]);
  const go = useUi((s) => s.go);
  const setTab = useLiveTab((s) => s.setTab);
  const announceAdded = useCallback(
    (n: number) => {
      if (!n) return;
      reportInfo(`Added ${n} tag${n === 1 ? '' : 's'}`, {
        label: 'Show in Live › Tags',
        run: () => {
          setTab('tags');
          go('live');
        },
      });
    },
    [go, setTab],
  );
  return { devices, announceAdded };
}
