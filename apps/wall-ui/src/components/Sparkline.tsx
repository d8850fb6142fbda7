import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Sparkline as SparkData } from '../series-history';

const WIDTH = 220;
const HEIGHT = 38;

/** A small uPlot line: no axes, legend or cursor. Redrawn only when its data's version moves. */
export function Sparkline(props: { data: SparkData; colour: string; version: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
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
        series: [{}, { stroke: props.colour, width: 2, points: { show: false } }],
      },
      [props.data.xs, props.data.ys],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [props.colour]);
  useEffect(() => {
    plot.current?.setData([props.data.xs, props.data.ys]);
  }, [props.version]);
  return <div class="spark" ref={box} data-points={props.data.xs.length} />;
}
