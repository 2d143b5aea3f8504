import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A windowed list: fixed row height, only the rows in view (plus a few) are in the DOM, so 20,000 rows scroll
 * like 20. When `follow` is on it sticks to the bottom as rows arrive; scrolling up turns following off, and
 * scrolling back to the bottom (or End) turns it on again.
 */
export function VirtualList(props: {
  count: number;
  rowHeight: number;
  renderRow: (index: number, style: { top: number; height: number }) => ReactNode;
  follow: boolean;
  onFollowChange: (follow: boolean) => void;
  overscan?: number;
  className?: string;
  testId?: string;
  ariaLabel?: string;
}) {
  const { count, rowHeight, follow, onFollowChange } = props;
  const overscan = props.overscan ?? 8;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const total = count * rowHeight;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Stick to the newest row while following.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !follow) return;
    const bottom = Math.max(0, total - el.clientHeight);
    if (Math.abs(el.scrollTop - bottom) > 1) el.scrollTop = bottom;
    setScrollTop(el.scrollTop);
  }, [follow, total, height]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atBottom = el.scrollTop + el.clientHeight >= total - rowHeight / 2;
    if (atBottom !== follow) onFollowChange(atBottom);
  }, [total, rowHeight, follow, onFollowChange]);

  // Rows removed from the front (clear, cap) can leave the view past the end: bring it back.
  useEffect(() => {
    const el = ref.current;
    if (el && el.scrollTop > Math.max(0, total - el.clientHeight)) el.scrollTop = Math.max(0, total - el.clientHeight);
  }, [total]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) rows.push(props.renderRow(i, { top: i * rowHeight, height: rowHeight }));

  return (
    <div ref={ref} className={`vlist ${props.className ?? ''}`} onScroll={onScroll} tabIndex={0} role="list" aria-label={props.ariaLabel} data-testid={props.testId} data-count={count}>
      <div className="vlist-inner" style={{ height: total }}>
        {rows}
      </div>
    </div>
  );
}
