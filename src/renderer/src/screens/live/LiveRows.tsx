import { memo } from 'react';
import { toHex16 } from '../../../../shared/codec/registers';
import type { Quality } from '../../../../shared/quality';
import { Sparkline } from '../../components/Sparkline';
import { toInt16 } from '../../lib/format';
import { qualityText } from './quality';
import { ROW_DISPLAYS, rowDisplayText, type RowDisplay } from './rowDisplay';

/** The live table's head: a bit table (coils, discrete inputs) shows ON/OFF; a register table its numbers and a per-row view. */
export function LiveHead({ bits }: { bits: boolean }) {
  return (
    <thead>
      <tr>
        <th scope="col">{bits ? 'Address' : 'Register'}</th>
        <th scope="col" className="num">
          Wire
        </th>
        {bits ? (
          <th scope="col">State</th>
        ) : (
          <>
            <th scope="col" className="num">
              Hex
            </th>
            <th scope="col" className="num">
              UInt16
            </th>
            <th scope="col" className="num">
              Int16
            </th>
            <th scope="col" title="How this row shows its value; 32-bit views take the next register too">
              Display
            </th>
            <th scope="col" className="num">
              Value
            </th>
          </>
        )}
        <th scope="col">Quality</th>
        <th scope="col" className="num">
          Age
        </th>
        <th scope="col">Trend</th>
      </tr>
    </thead>
  );
}

export const LiveRow = memo(function LiveRow(props: {
  id: string;
  offset: number;
  label: string;
  wire: number;
  bits: boolean;
  value: number | undefined;
  /** The next register's value, for the 32-bit views. */
  next: number | undefined;
  display: RowDisplay;
  onDisplay: (offset: number, d: RowDisplay) => void;
  history: readonly number[] | undefined;
  quality: Quality | undefined;
  ageText: string;
  stale: boolean;
  selected: boolean;
  onSelect: (i: number) => void;
}) {
  const { value, quality } = props;
  const has = value !== undefined;
  const good = quality?.status === 'good';
  const qClass = quality ? `q-${quality.status}` : 'q-waiting';
  return (
    <tr
      id={props.id}
      data-testid={`row-${props.wire}`}
      data-offset={props.offset}
      aria-selected={props.selected}
      className={`${props.selected ? 'selected' : ''} ${has && !good ? 'held' : ''}`}
      onMouseDown={() => props.onSelect(props.offset)}
    >
      <td className="mono reg">{props.label}</td>
      <td className="num mono dim">{props.wire}</td>
      {props.bits ? (
        <td className={`mono strong bit-state ${has ? (value ? 'bit-on' : 'bit-off') : ''}`} data-testid={`bit-${props.wire}`}>
          {has ? (value ? 'ON' : 'OFF') : '—'}
        </td>
      ) : (
        <>
          <td className="num mono" data-testid={`hex-${props.wire}`}>
            {has ? toHex16(value) : '—'}
          </td>
          <td className="num mono strong" data-testid={`u16-${props.wire}`}>
            {has ? value : '—'}
          </td>
          <td className="num mono" data-testid={`i16-${props.wire}`}>
            {has ? toInt16(value) : '—'}
          </td>
          <td className="row-display">
            <select
              value={props.display}
              aria-label={`Display ${props.label} as`}
              data-testid={`display-${props.wire}`}
              onMouseDown={(e) => e.stopPropagation()}
              onChange={(e) => props.onDisplay(props.offset, e.target.value as RowDisplay)}
            >
              {ROW_DISPLAYS.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </td>
          <td className="num mono row-value" data-testid={`value-${props.wire}`}>
            {rowDisplayText(props.display, value, props.next)}
          </td>
        </>
      )}
      <td className={`quality ${qClass}`} data-testid={`q-${props.wire}`} title={qualityText(quality)}>
        <span className="qmark" aria-hidden="true" />
        {qualityText(quality)}
      </td>
      <td className={`num mono age ${props.stale ? 'stale' : ''}`} data-testid={`age-${props.wire}`} title={props.stale ? 'Older than 3× the poll interval' : 'Time since this value was read'}>
        {props.ageText}
      </td>
      <td className="trend">
        <Sparkline values={props.history} />
      </td>
    </tr>
  );
});
