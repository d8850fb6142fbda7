import { useMemo } from 'preact/hooks';
import type { Alert, IndicatorInfo } from '@app/contracts';
import { colourScale } from '../colour-scale.util';
import { layoutMap } from '../map-layout.util';
import type { WallScope } from '../wall-store';
import { useWall } from './wall-context';

const BOX = { width: 480, height: 360, padding: 12 };

/**
 * The scope's districts (or a district's communes) coloured by one indicator, with a legend, the value
 * on each, and a red outline where an alert fires. Outlines from the catalogue's shapes, else tiles.
 */
export function MapPanel(props: {
  self: WallScope;
  children: WallScope[];
  scopes: Map<string, WallScope>;
  indicator: IndicatorInfo | null;
  alerts: Alert[];
}) {
  const { store, t, fmt } = useWall();
  const areas = props.children.length ? props.children : [props.self];
  const layout = useMemo(() => layoutMap(areas, BOX, props.self), [areas, props.self]);
  const values = areas.map((s) =>
    props.indicator ? store.series.get(`${props.indicator.code}|${s.code}`)?.value : undefined,
  );
  const scale = colourScale(
    values.filter((v): v is number => v !== undefined),
    props.indicator?.direction,
  );
  const alerting = new Set<string>();
  for (const a of props.alerts) {
    if (a.state !== 'firing') continue;
    const area = areaOf(a.scope, areas, props.scopes);
    if (area) alerting.add(area);
  }
  return (
    <section class="map-panel">
      <h2>
        {t('map')}
        {props.indicator && <span class="map-by"> · {t('mapBy', { name: props.indicator.name })}</span>}
      </h2>
      <svg
        id="map"
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-label={t('map')}
        data-layout={layout.kind}
      >
        {layout.outline && <path class="outline" d={layout.outline} />}
        {layout.items.map((item, i) => {
          const fill = scale.colourOf(values[i]);
          const hot = alerting.has(item.code);
          const common = {
            class: `area${hot ? ' alerting' : ''}`,
            fill,
            'data-scope': item.code,
            'data-alert': hot ? 'true' : 'false',
          };
          return (
            <g key={item.code}>
              {item.path ? (
                <path {...common} d={item.path} />
              ) : (
                <rect
                  {...common}
                  x={item.rect!.x}
                  y={item.rect!.y}
                  width={item.rect!.width}
                  height={item.rect!.height}
                  rx={6}
                />
              )}
              <text class="area-name" x={item.label.x} y={item.label.y - 6} text-anchor="middle">
                {shortName(item.name)}
              </text>
              <text
                class="area-value"
                x={item.label.x}
                y={item.label.y + 14}
                text-anchor="middle"
                data-scope-value={item.code}
              >
                {values[i] === undefined ? '—' : fmt.number(values[i])}
              </text>
            </g>
          );
        })}
      </svg>
      {props.indicator && (
        <div class="legend">
          {scale.bounds[0] === scale.bounds[scale.bounds.length - 1] ? (
            <span class="legend-step">
              <i class="swatch" style={{ background: scale.colourOf(scale.bounds[0]) }} />
              {fmt.number(scale.bounds[0])}
            </span>
          ) : (
            scale.colours.map((c, i) => (
              <span key={c} class="legend-step">
                <i class="swatch" style={{ background: c }} />
                {fmt.number(scale.bounds[i])}–{fmt.number(scale.bounds[i + 1])}
              </span>
            ))
          )}
          <span class="legend-unit">{props.indicator.unit}</span>
        </div>
      )}
    </section>
  );
}

/** The map area an alert's scope lies in: the area itself or the one among its ancestors. */
function areaOf(scope: string, areas: WallScope[], scopes: Map<string, WallScope>): string | null {
  const codes = new Set(areas.map((a) => a.code));
  let code: string | null | undefined = scope;
  for (let hops = 0; code && hops < 20; hops++) {
    if (codes.has(code)) return code;
    code = scopes.get(code)?.parent;
  }
  return null;
}

/** "Thành phố Thủ Dầu Một" → "Thủ Dầu Một": the kind of unit takes room the map does not have. */
function shortName(name: string): string {
  return name.replace(/^(Thành phố|Thị xã|Huyện|Quận|Phường|Xã|Thị trấn)\s+/i, '');
}
