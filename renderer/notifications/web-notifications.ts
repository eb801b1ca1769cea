// Web mode's "a run calls you back": the browser's Notification API, once the user allowed it from a
// click (never asked on load). Which runs notify and the text are common/run-notice.ts's, as in the
// desktop app; the desktop app's main process shows its own native notifications.
import { useCallback, useEffect, useState } from 'react';
import type { TokenbenchApi } from '../../common/api-verbs.js';
import { noticeFacts, runNotifier } from '../../common/run-notice.js';
import { navigate } from '../app/router.js';

export type NotificationState = NotificationPermission | 'unsupported';

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** A run-event listener: a notification when a run completes or fails; a click shows the page at its dashboard. */
export function browserRunNotifier(bridge: TokenbenchApi) {
  return runNotifier({
    isSupported: () => notificationState() === 'granted',
    facts: async (runId) => noticeFacts(await bridge.getRun(runId)),
    show: (notice) => {
      const notification = new Notification(notice.title, { body: notice.body, tag: notice.runId });
      notification.onclick = () => {
        window.focus();
        navigate({ name: 'run', runId: notice.runId });
        notification.close();
      };
    },
    warn: (line) => console.warn(`tokenbench: ${line}`),
  });
}

/** Mounted once per page (web mode): every screen calls back when a run ends. */
export function useBrowserRunNotifications(bridge: TokenbenchApi, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const notify = browserRunNotifier(bridge);
    return bridge.onRunEvent((event) => void notify(event));
  }, [bridge, enabled]);
}

/** The permission as it is now, and the request — to be called from a click. */
export function useNotificationPermission(): [NotificationState, () => Promise<void>] {
  const [state, setState] = useState<NotificationState>(notificationState);
  const request = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    setState(await Notification.requestPermission());
  }, []);
  return [state, request];
}
