import type { IndicatorInfo } from '@app/contracts';
import { Tile } from './Tile';
import { useWall } from './wall-context';

/** The tiles of one domain for the wall's scope. Only the page on screen is rendered. */
export function DomainPage(props: { name: string; indicators: IndicatorInfo[]; scope: string; minute: number }) {
  const { store, session } = useWall();
  return (
    <section class="domain-page" data-domain-page={props.name}>
      <h2>{props.name}</h2>
      <div class="tiles">
        {props.indicators.map((ind) => {
          const view = store.series.get(`${ind.code}|${props.scope}`);
          const spark = session.history.sparkline(ind, props.scope);
          const summary = session.history.summary(ind, props.scope, view?.ts ?? null, view?.value ?? null);
          return (
            <Tile
              key={ind.code}
              indicator={ind}
              scope={props.scope}
              view={view}
              summary={summary}
              spark={spark}
              sparkVersion={spark?.version ?? 0}
              minute={props.minute}
            />
          );
        })}
      </div>
    </section>
  );
}
