import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Sparkline as SparkData } from '../series-history';

const WIDTH = 220;
const HEIGHT = 38;

/**
 * A small uPlot line: no axes, legend or cursor. Made once per tile: new data is `setData`, a new colour
 * (the tile's tone turns with the value) a redraw with the stroke read from a ref. Building the chart
 * again for a colour was the wall's most expensive script under a live load.
 */
export function Sparkline(props: { data: SparkData; colour: string; version: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const colour = useRef(props.colour);
  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: false } },
        series: [{}, { stroke: () => colour.current, width: 2, points: { show: false } }],
      },
      [props.data.xs, props.data.ys],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);
  useEffect(() => {
    plot.current?.setData([props.data.xs, props.data.ys]);
  }, [props.version]);
  useEffect(() => {
    if (colour.current === props.colour) return;
    colour.current = props.colour;
    plot.current?.redraw(false);
  }, [props.colour]);
  return <div class="spark" ref={box} data-points={props.data.xs.length} />;
}
