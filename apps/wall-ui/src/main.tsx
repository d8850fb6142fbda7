import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-700.css';
import '@fontsource/be-vietnam-pro/latin-700.css';
import './wall.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from './components/App';
import { KeyForm } from './components/KeyForm';
import { WallContext, type WallEnv } from './components/wall-context';
import { wallFormat } from './format.util';
import { translator } from './i18n';
import { KEY_STORE, parseWallParams, takeKey } from './wall-params.util';
import { startWall } from './wall-session';
import { WallStore } from './wall-store';

const params = parseWallParams(location.search);
const initialKey = takeKey(location, history, localStorage);
const t = translator(params.lang);
const fmt = wallFormat(params.lang);
document.documentElement.lang = params.lang;
document.title = t('title');

/** What a benchmark or a test reads: time to first values, frames, points received. */
declare global {
  interface Window {
    __wallStats?: WallStore['stats'] & { loadedAt: number };
  }
}

function start(key: string): WallEnv {
  const store = new WallStore();
  window.__wallStats = Object.assign(store.stats, { loadedAt: performance.timeOrigin });
  return { store, session: startWall(params, key, store), t, fmt };
}

function Root() {
  const [env, setEnv] = useState<WallEnv | null>(() => (initialKey ? start(initialKey) : null));
  const [message, setMessage] = useState(initialKey ? '' : t('needKey'));
  useEffect(() => {
    if (!env) return;
    // A refused key: forget it and ask for another.
    return env.store.subscribe(() => {
      if (env.store.load.kind !== 'needKey') return;
      localStorage.removeItem(KEY_STORE);
      void env.session.stop();
      setMessage(env.store.load.message);
      setEnv(null);
    });
  }, [env]);
  if (!env) {
    return (
      <KeyForm
        t={t}
        message={message}
        onKey={(key) => {
          localStorage.setItem(KEY_STORE, key);
          setMessage('');
          setEnv(start(key));
        }}
      />
    );
  }
  return (
    <WallContext.Provider value={env}>
      <App params={params} />
    </WallContext.Provider>
  );
}

render(<Root />, document.getElementById('app')!);
