import { createContext, useContext } from 'react';
import type { TokenbenchApi } from '../../common/api-verbs.js';

export const BridgeContext = createContext<TokenbenchApi | null>(null);

export function useBridge(): TokenbenchApi {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('useBridge outside <BridgeContext.Provider>');
  return bridge;
}
