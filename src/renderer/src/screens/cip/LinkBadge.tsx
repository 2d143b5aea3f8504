import { useEffect, useState } from 'react';
import type { CipLink } from '../../../../shared/contract';
import { api } from '../../api';
import { useNow } from '../../lib/useNow';
import { errorText } from '../../store/notices';
import { linkText } from './linkText';

const POLL_MS = 1000;
/** The engine's connection to the controller: registered, connected (with its Forward Open and size), retrying or failing, polled once a second. */
export function LinkBadge({ deviceId }: { deviceId: string }) {
  const [link, setLink] = useState<CipLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();
  useEffect(() => {
    let live = true;
    const poll = async () => {
      try {
        const l = await api().cipLink({ deviceId });
        if (!live) return;
        setLink(l);
        setError(null);
      } catch (err) {
        if (live) setError(errorText(err));
      }
    };
    void poll();
    const t = setInterval(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [deviceId]);
  if (error) return <span className="cip-link bad" data-testid="cip-link" data-state="unknown">{error}</span>;
  if (!link) return null;
  const { tone, text, title } = linkText(link, now);
  return (
    <span className={`cip-link ${tone}`} data-testid="cip-link" data-state={link.state} title={title} role="status">
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}
