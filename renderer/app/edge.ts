// Which edge the page runs in. The desktop app (the preload's bridge) has a main process that shows
// native notifications and windows; web mode (`tokenbench ui`, the HTTP bridge) is a browser tab.
import { createContext, useContext } from 'react';

export type AppEdge = 'desktop' | 'web';

export const EdgeContext = createContext<AppEdge>('web');

export function useEdge(): AppEdge {
  return useContext(EdgeContext);
}
