import { useEffect, useState } from 'preact/hooks';
import type { FeedState } from '@app/client';
import { useWall } from './wall-context';

export interface PageTab {
  id: string;
  label: string;
}

/** Title, page tabs, clock and the connection state in words and colour. */
export function Header(props: {
  title: string;
  feed: FeedState;
  tabs: PageTab[];
  current: string;
  pageText: string;
  onTab: (id: string) => void;
  onStep: (step: number) => void;
}) {
  const { t, fmt } = useWall();
  const { feed } = props;
  const [cls, text] =
    feed.state === 'live'
      ? ['live', t('live')]
      : feed.state === 'reconnecting'
        ? ['reconnecting', t('reconnecting', { time: fmt.time(feed.since) })]
        : feed.state === 'stale'
          ? ['stale', t('stale', { time: fmt.time(feed.since) })]
          : feed.state === 'closed'
            ? ['error', t('closed', { reason: feed.reason })]
            : ['connecting', t('connecting')];
  return (
    <header>
      <h1 id="title">{props.title}</h1>
      <nav class="pages" aria-label="pages">
        {props.tabs.map((p) => (
          <button
            type="button"
            key={p.id}
            data-tab={p.id}
            class={p.id === props.current ? 'current' : ''}
            onClick={() => props.onTab(p.id)}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <div class="stepper">
        <button type="button" class="prev" aria-label="previous" onClick={() => props.onStep(-1)}>
          ‹
        </button>
        <span class="page-no">{props.pageText}</span>
        <button type="button" class="next" aria-label="next" onClick={() => props.onStep(1)}>
          ›
        </button>
      </div>
      <Clock />
      <div id="status" class={`status ${cls}`} role="status" data-state={feed.state}>
        {text}
      </div>
    </header>
  );
}

/** Its own component: the second hand re-renders only this. */
function Clock() {
  const { fmt } = useWall();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div id="clock" aria-live="off">
      {fmt.time(now)}
    </div>
  );
}
