import { useEffect, useRef, useState, type FormEvent, type Ref } from 'react';
import { solveKnownValue, type SolveCandidate } from '../../../../shared/codec/solver';
import { tagWidth } from '../../../../shared/codec/spec';
import { TABLE_INFO, toConventional } from '../../../../shared/modbus/tables';
import type { ModbusSource } from '../../../../shared/project/schema';
import { api } from '../../api';
import { formatClock } from '../../lib/format';
import { hexWords } from '../../lib/hex';
import { errorText, reportInfo } from '../../store/notices';
import { useTagMaps, type TagDef } from '../../store/tagMaps';
import { useTagValues, type LiveTag } from '../../store/tagValues';
import { useSolverSample } from './solverSample';

interface Solved {
  registers: number[];
  at: number;
  address: number;
  display: string;
  candidates: SolveCandidate[];
}

const describe = (c: SolveCandidate) => `${c.spec.type} ${c.width > 1 ? c.spec.order : ''}${c.spec.scale !== 1 ? ` × ${c.spec.scale}` : ''}`.replace(/\s+/g, ' ').trim();

/**
 * The known-value solver: the operator types what the device's own display shows, the shared codec lists every
 * type / order / scale that turns the tag's registers into that value, best first, and Apply changes the tag.
 */
export function SolverPanel(props: { def: TagDef; row: LiveTag | undefined; inputRef: Ref<HTMLInputElement> }) {
  const source = props.def.tag.source;
  if (source.kind !== 'modbus') return <p className="muted small">The solver works on Modbus registers; {props.def.tag.name} is read over {source.kind === 'opcua' ? 'OPC UA' : 'EtherNet/IP'}, which says its own type.</p>;
  return <ModbusSolver {...props} source={source} />;
}

function ModbusSolver(props: { def: TagDef; row: LiveTag | undefined; inputRef: Ref<HTMLInputElement>; source: ModbusSource }) {
  const { def, row, source } = props;
  const tag = def.tag;
  const width = Math.min(4, Math.max(1, tagWidth(source)));
  const wordTable = !TABLE_INFO[source.table].bits;
  const [display, setDisplay] = useState('');
  const [count, setCount] = useState(width);
  const [solved, setSolved] = useState<Solved | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState<string | null>(null);
  const lastKey = useRef(def.key);
  const { sample, moved, retake } = useSolverSample(def.key, row, width);
  const frozen = useTagValues((s) => s.frozen);

  useEffect(() => {
    if (lastKey.current === def.key) return;
    lastKey.current = def.key;
    setSolved(null);
    setError(null);
    setApplied(null);
    setCount(width);
  }, [def.key, width]);

  /** The tag's registers as sampled when the solver opened, or a fresh read of `count` registers from its address. */
  const registersNow = async (): Promise<{ registers: number[]; at: number }> => {
    if (count === width && sample) return { registers: sample.registers, at: sample.at };
    const r = await api().modbusRead({ deviceId: def.deviceId, table: source.table, address: source.address, count });
    if (r.quality.status !== 'good' || r.raw.length < count) throw new Error(`could not read ${count} registers at ${toConventional(source.table, source.address)}: ${r.quality.reason ?? r.quality.status}`);
    return { registers: r.raw, at: r.receivedAt };
  };

  const solve = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setApplied(null);
    if (!display.trim()) {
      setError('type the value the device shows, e.g. 230.1 or "230,1 V"');
      return;
    }
    setBusy(true);
    try {
      const { registers, at } = await registersNow();
      const candidates = solveKnownValue({ registers, display: display.trim() });
      setSolved({ registers, at, address: source.address, display: display.trim(), candidates });
    } catch (err) {
      setSolved(null);
      setError(errorText(err).replace(/^.*is not a number$/, `"${display.trim()}" is not a number: type digits, e.g. 230.1 or 230,1 V`));
    } finally {
      setBusy(false);
    }
  };

  const apply = async (c: SolveCandidate) => {
    setError(null);
    const changed: Record<string, unknown> = { type: c.spec.type, order: c.spec.order, scale: c.spec.scale, offset: 0 };
    if (c.at > 0 && solved) changed.address = solved.address + c.at;
    const patch = { source: changed };
    try {
      await useTagMaps.getState().updateTag(def.mapId, tag.name, patch);
      setApplied(describe(c));
      reportInfo(`${tag.name} now reads as ${describe(c)}`);
    } catch (err) {
      setError(`Could not apply ${describe(c)}: ${errorText(err)}`);
    }
  };

  if (!wordTable) return <p className="muted small">The solver works on registers; {tag.name} is a bit in the {TABLE_INFO[source.table].label.toLowerCase()} table.</p>;
  const current = `${source.type} ${source.order} ${source.scale}`;
  return (
    <div className="solver" data-testid="solver">
      <form className="solver-form" onSubmit={(e) => void solve(e)}>
        <label className="inline-field" htmlFor="solver-display">
          The device shows
        </label>
        <input
          id="solver-display"
          ref={props.inputRef}
          className="w-display mono"
          value={display}
          placeholder="230.1 or 230,1 V"
          spellCheck={false}
          autoComplete="off"
          data-testid="solver-display"
          onChange={(e) => setDisplay(e.target.value)}
        />
        <select value={count} onChange={(e) => setCount(Number(e.target.value))} data-testid="solver-count" aria-label="Registers the solver may use" title={`Registers from ${toConventional(source.table, source.address)} the solver may use`}>
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n} register{n > 1 ? 's' : ''}
              {n === width ? ' (the tag’s)' : ''}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={busy} data-testid="solver-run">
          {busy ? 'Reading…' : 'Find'}
        </button>
      </form>
      {sample && count === width ? (
        <p className="muted small solver-sample" data-testid="solver-sample" data-registers={sample.registers.join(',')}>
          Solving against <b className="mono">{sample.text}</b> {tag.units}, the value read at {formatClock(sample.at)}{' '}
          <button
            type="button"
            className="link-btn"
            onClick={() => {
              retake();
              setSolved(null);
            }}
            data-testid="solver-resample"
          >
            New sample
          </button>
          {moved && !frozen ? (
            <span className="warn-inline" data-testid="solver-moving">
              {' '}
              · the value has moved since (now {moved}): freeze the table while you read it{' '}
              <button type="button" className="link-btn" data-testid="solver-freeze" onClick={() => useTagValues.getState().setFrozen(true)}>
                Freeze (P)
              </button>
            </span>
          ) : null}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert" data-testid="solver-error">
          {error}
        </p>
      ) : null}
      {solved ? (
        <div className="solver-result">
          <p className="muted small" data-testid="solver-registers">
            Registers <span className="mono">{hexWords(solved.registers)}</span> as read at {formatClock(solved.at)};{' '}
            {solved.candidates.length === 0 ? (
              <span className="warn-inline" data-testid="solver-none">
                no type, order or scale gives {solved.display}.{' '}
                {moved && !frozen
                  ? 'The value moves between polls: press Freeze (P), read the value the table holds, take a new sample and solve again.'
                  : 'Check the register, or try more registers.'}
              </span>
            ) : (
              `${solved.candidates.length} interpretation${solved.candidates.length > 1 ? 's give' : ' gives'} ${solved.display}${solved.candidates.length > 1 ? ', best first' : ''}:`
            )}
          </p>
          <ol className="candidates" data-testid="solver-candidates">
            {solved.candidates.map((c, i) => {
              const same = `${c.spec.type} ${c.spec.order} ${c.spec.scale}` === current && c.at === 0;
              return (
                <li key={i} className={`candidate ${i === 0 ? 'best' : ''}`} data-testid="solver-candidate" data-type={c.spec.type} data-order={c.spec.order} data-scale={c.spec.scale}>
                  <span className="cand-spec mono strong">{describe(c)}</span>
                  <span className="cand-reason">{c.reason}</span>
                  {same ? (
                    <span className="cand-current">current</span>
                  ) : (
                    <button type="button" className={i === 0 ? 'primary' : ''} onClick={() => void apply(c)} data-testid="solver-apply">
                      Apply
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
          {applied ? (
            <p className="ok-line" data-testid="solver-applied">
              Applied {applied}: the engine now decodes {tag.name} this way; watch the value in the table.
            </p>
          ) : null}
        </div>
      ) : (
        <p className="muted small">Type what the device’s own display shows (units are ignored, a decimal comma is fine) and press Enter.</p>
      )}
    </div>
  );
}
