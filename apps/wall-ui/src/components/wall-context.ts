import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WallFormat } from '../format.util';
import type { Translate } from '../i18n';
import type { WallSession } from '../wall-session';
import type { WallStore } from '../wall-store';

/** What every component may need: the store, the session's API and history, words and number formats. */
export interface WallEnv {
  store: WallStore;
  session: WallSession;
  t: Translate;
  fmt: WallFormat;
}

export const WallContext = createContext<WallEnv | null>(null);

export function useWall(): WallEnv {
  const env = useContext(WallContext);
  if (!env) throw new Error('useWall outside WallContext');
  return env;
}
