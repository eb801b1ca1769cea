import type { RunDetail } from '../../common/api.js';
import { dateTime, gibibytes, seconds } from '../../common/format.js';
import { RunFacts } from './server-view-card.js';

export function RunHeader({ detail }: { detail: RunDetail }) {
  const { manifest } = detail;
  const { config, target, host } = manifest;
  return (
    <section className="card run-header">
      <h2>
        {target.model} <span className={`status status-${manifest.status}`}>{manifest.status}</span>
      </h2>
      {manifest.reason ? <p className="reason">{manifest.reason}</p> : null}
      <dl className="facts">
        <dt>Started</dt>
        <dd>{dateTime(manifest.startedAt)}</dd>
        <dt>Server</dt>
        <dd>
          {target.url} ({target.api}
          {target.serverVersion ? ` ${target.serverVersion}` : ''})
        </dd>
        <dt>Levels</dt>
        <dd>
          {config.concurrency.join(', ')} · {config.mode}
          {config.maxTokens ? ` · max ${config.maxTokens} tokens` : ''} · cooldown {seconds(config.cooldownMs, 0)} s
        </dd>
        <dt>Host</dt>
        <dd>
          {host.cpuModel} · {host.cpuCores} cores · {gibibytes(host.ramBytes)}
          {host.gpu ? ` · ${host.gpu.name}` : ''} · {host.os} {host.osVersion}
        </dd>
        <dt>Prompt</dt>
        <dd className="prompt">{config.prompt}</dd>
      </dl>
      <RunFacts view={detail.view} />
      {detail.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </section>
  );
}
