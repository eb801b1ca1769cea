// "Notify me when it ends" (web mode): asks the browser's permission from this click only.
import { useEdge } from '../app/edge.js';
import { useNotificationPermission } from './web-notifications.js';

export function NotifyControl() {
  const edge = useEdge();
  const [state, request] = useNotificationPermission();
  // The desktop app notifies from its main process; a browser without the API has nothing to offer.
  if (edge !== 'web' || state === 'unsupported') return null;
  if (state === 'granted') return <p className="muted small notify-state">A notification tells you when a run ends.</p>;
  if (state === 'denied') return <p className="muted small notify-state">Notifications are blocked for this page in the browser&apos;s settings.</p>;
  return (
    <button type="button" className="link-button notify-button" onClick={() => void request()}>
      Notify me when it ends
    </button>
  );
}
