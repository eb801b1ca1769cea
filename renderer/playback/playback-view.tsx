// Token-speed playback: lanes streaming the same answer at chosen speeds, and the replay of one
// recorded request with its exact timing. React lays out the controls and lanes; the lane driver owns
// each lane's text (appended outside React, once per frame).
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { PRESET_SPEEDS, formatSpeed, parseSpeed, replayPair, speedLane, type LaneSpec } from '../../common/playback/lanes.js';
import { recordedText, replayOffsets, sampleText, type PlaybackText } from '../../common/playback/playback-text.js';
import { ExportPanel } from './export-panel.js';
import { LaneDriver } from './lane-driver.js';
import { adoptPlaybackStyles } from './styles.js';
import type { PlaybackApi } from './text.js';
import { playableRequests, requestKey, useRunSource, type RequestRef } from './use-run-source.js';
import { levelLabel } from '../../common/levels.js';
import type { RecordedRequest } from './text.js';

export interface PlaybackViewProps {
  /** The app's TokenbenchApi (IPC or HTTP bridge); playback calls only getRun and getRequest. */
  api?: PlaybackApi;
  /** Without api and runId, playback streams the sample answer and offers no replay. */
  runId?: string;
  /** Speed lanes to start with (tokens/s); the six presets by default. */
  initialSpeeds?: readonly number[];
}

const REPLAY_RATES: readonly number[] = [0.25, 0.5, 1, 2, 4, 8];

let laneCounter = 0;
function nextLaneId(): number {
  laneCounter += 1;
  return laneCounter;
}

export function PlaybackView(props: PlaybackViewProps) {
  const { api, runId } = props;
  const [driver] = useState(() => new LaneDriver());
  const playing = useSyncExternalStore(
    (listener) => driver.subscribe(listener),
    () => driver.playing,
  );
  const waiting = useSyncExternalStore(
    (listener) => driver.subscribe(listener),
    () => driver.replayWaiting,
  );
  const [lanes, setLanes] = useState<LaneSpec[]>(() =>
    (props.initialSpeeds ?? PRESET_SPEEDS).map((speed, i) => speedLane(speed, undefined, `${PRESET_SPEEDS.includes(speed) ? 'preset' : 'custom'}-${speed}-${i}`)),
  );
  const [custom, setCustom] = useState('');
  const [rate, setRate] = useState(1);
  const run = useRunSource(api, runId);

  useEffect(() => adoptPlaybackStyles(document), []);
  useEffect(() => () => driver.pause(), [driver]);

  const record = run.request;
  const text: PlaybackText = useMemo(() => (record && runId ? recordedText(record, runId) : null) ?? sampleText(), [record, runId]);
  const replayLanes = useMemo(
    () => (record && run.level ? replayPair(record, replayOffsets(record), run.level.tokensPerSecond?.mean) : []),
    [record, run.level],
  );
  useEffect(() => driver.restartReplay(), [driver, replayLanes]);

  const isPreset = (lane: LaneSpec, speed: number) => lane.kind === 'speed' && lane.id.startsWith('preset-') && lane.tokensPerSecond === speed;
  const presetOn = (speed: number) => lanes.some((lane) => isPreset(lane, speed));
  const togglePreset = (speed: number) =>
    setLanes((current) =>
      current.some((lane) => isPreset(lane, speed))
        ? current.filter((lane) => !isPreset(lane, speed))
        : [...current, speedLane(speed, undefined, `preset-${speed}-${nextLaneId()}`)],
    );
  const customSpeed = parseSpeed(custom);
  const addRunLanes = () =>
    setLanes((current) => [
      ...current,
      ...(run.detail?.levels ?? [])
        .filter((level) => level.tokensPerSecond !== null)
        .map((level) => {
          const mean = level.tokensPerSecond?.mean ?? 0;
          return speedLane(mean, `this run · ${level.concurrency} parallel · ${formatSpeed(mean)} tokens/s`, `run-${level.concurrency}-${nextLaneId()}`);
        }),
    ]);

  return (
    <div className="pb">
      <div className="pb-controls">
        <button type="button" data-action="play" onClick={() => (playing ? driver.pause() : driver.play())}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" data-action="restart" onClick={() => driver.restart()}>
          Restart all
        </button>
        <fieldset>
          <legend>Presets (tokens/s)</legend>
          {PRESET_SPEEDS.map((speed) => (
            <label key={speed}>
              <input type="checkbox" checked={presetOn(speed)} onChange={() => togglePreset(speed)} /> {formatSpeed(speed)}
            </label>
          ))}
        </fieldset>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (customSpeed !== null) setLanes((current) => [...current, speedLane(customSpeed, undefined, `custom-${customSpeed}-${nextLaneId()}`)]);
            setCustom('');
          }}
        >
          <fieldset>
            <legend>Custom speed</legend>
            <input
              type="number"
              min="0.1"
              step="any"
              aria-label="custom tokens per second"
              value={custom}
              onChange={(event) => setCustom(event.target.value)}
            />
            <button type="submit" disabled={customSpeed === null}>
              Add lane
            </button>
          </fieldset>
        </form>
        {run.detail ? (
          <button type="button" data-action="this-run" onClick={addRunLanes}>
            Add this run's speeds
          </button>
        ) : null}
      </div>
      <p className="pb-origin">Text: {text.origin}. Each lane counts tokens, not characters.</p>
      <div className="pb-lanes">
        {lanes.map((spec) => (
          <Lane key={spec.id} spec={spec} text={text} driver={driver} onRemove={() => setLanes((c) => c.filter((l) => l.id !== spec.id))} />
        ))}
      </div>
      <h3>Replay of one recorded request</h3>
      {run.error ? <p className="pb-error">{run.error}</p> : null}
      {run.detail ? (
        <div className="pb-controls">
          <RequestPicker detail={run.detail} selected={run.selected} onSelect={run.select} />
          <fieldset>
            <legend>Replay speed</legend>
            <select
              aria-label="replay speed multiplier"
              value={rate}
              onChange={(event) => {
                const next = Number(event.target.value);
                setRate(next);
                driver.setReplayRate(next);
              }}
            >
              {REPLAY_RATES.map((r) => (
                <option key={r} value={r}>
                  ×{r}
                </option>
              ))}
            </select>
          </fieldset>
          <button type="button" data-action="skip-wait" disabled={!waiting} onClick={() => driver.skipWait()}>
            Skip the wait
          </button>
        </div>
      ) : (
        <p className="pb-origin">
          {api && runId ? 'Loading the run…' : 'Open a run to replay one of its requests with its recorded timing.'}
        </p>
      )}
      {replayLanes.length > 0 ? (
        <div className="pb-lanes">
          {replayLanes.map((spec) => (
            <Lane key={spec.id} spec={spec} text={text} driver={driver} />
          ))}
        </div>
      ) : null}
      <ExportPanel speedLanes={lanes} replayLanes={replayLanes} text={text} />
    </div>
  );
}

function Lane(props: { spec: LaneSpec; text: PlaybackText; driver: LaneDriver; onRemove?: () => void }) {
  const { spec, text, driver, onRemove } = props;
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    driver.attach(spec, element, text);
    return () => driver.detach(spec.id);
  }, [driver, spec, text]);
  return (
    <section className="pb-lane" data-lane={spec.id} data-kind={spec.kind} data-speed={spec.kind === 'replay' ? undefined : spec.tokensPerSecond}>
      <header className="pb-lane-head">
        <span>{spec.label}</span>
        {onRemove ? (
          <button type="button" aria-label={`remove ${spec.label}`} onClick={onRemove}>
            ×
          </button>
        ) : null}
      </header>
      <div ref={host} className="pb-lane-host" />
    </section>
  );
}

function RequestPicker(props: {
  detail: NonNullable<ReturnType<typeof useRunSource>['detail']>;
  selected: RequestRef | null;
  onSelect: (ref: RequestRef) => void;
}) {
  const playable = playableRequests(props.detail);
  const value = props.selected ? requestKey(props.selected) : '';
  return (
    <fieldset>
      <legend>Request</legend>
      <select
        aria-label="recorded request"
        value={value}
        onChange={(event) => {
          const picked = playable.find((r) => requestKey(r) === event.target.value);
          if (picked) props.onSelect(picked);
        }}
      >
        {playable.map((r) => (
          <option key={requestKey(r)} value={requestKey(r)}>
            {requestLevelText(r)} · #{r.index} · TTFT {((r.ttftMs ?? 0) / 1000).toFixed(2)} s · {r.tokensPerSecond === null ? '–' : formatSpeed(r.tokensPerSecond)} tokens/s
          </option>
        ))}
      </select>
    </fieldset>
  );
}

/** "4 parallel", "2/s", with the repeat where the run had several: a record's level as the picker names it. */
function requestLevelText(r: RequestRef & Pick<RecordedRequest, 'mode' | 'rate'>): string {
  const level = r.mode === 'rate' ? `${levelLabel({ concurrency: r.level, mode: 'rate', rate: r.rate })}` : `${r.level} parallel`;
  return r.repeat !== undefined && r.repeat > 0 ? `${level} (repeat ${r.repeat + 1})` : level;
}
