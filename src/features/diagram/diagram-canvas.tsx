/**
 * The drawn diagram: an SVG whose one group is zoomed and panned by a transform. The wheel
 * zooms around the pointer, a drag on the background pans, the buttons zoom and fit. Each box
 * is a button (keyboard too): Enter or a click previews the table; "Focus" shows its neighbours.
 */
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type PointerEvent,
  type WheelEvent,
} from 'react';
import { BOX, type DiagramLayout, type PlacedNode } from '../../core/diagram/layout';

interface View {
  scale: number;
  x: number;
  y: number;
}

const MIN_SCALE = 0.1;
const MAX_SCALE = 3;
const clamp = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

export interface DiagramCanvasProps {
  layout: DiagramLayout;
  keysOnly: boolean;
  focus: string | null;
  onPreview(table: string): void;
  onFocus(table: string): void;
}

export function DiagramCanvas({ layout, keysOnly, focus, onPreview, onFocus }: DiagramCanvasProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; view: View } | null>(null);

  const fit = useCallback(() => {
    const box = boxRef.current;
    if (!box || layout.width === 0) return;
    const scale = clamp(
      Math.min(box.clientWidth / layout.width, box.clientHeight / layout.height, 1),
    );
    setView({
      scale,
      x: (box.clientWidth - layout.width * scale) / 2,
      y: Math.max(0, (box.clientHeight - layout.height * scale) / 2),
    });
  }, [layout]);
  useEffect(fit, [fit]);

  const zoomAt = (factor: number, cx: number, cy: number) =>
    setView((v) => {
      const scale = clamp(v.scale * factor);
      const k = scale / v.scale;
      return { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
    });
  const zoomCentre = (factor: number) => {
    const box = boxRef.current;
    if (box) zoomAt(factor, box.clientWidth / 2, box.clientHeight / 2);
  };

  const onWheel = (event: WheelEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest('[data-table]')) return; // boxes are clicked, not dragged
    drag.current = { x: event.clientX, y: event.clientY, view };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    setView({
      ...start.view,
      x: start.view.x + event.clientX - start.x,
      y: start.view.y + event.clientY - start.y,
    });
  };
  const endDrag = () => {
    drag.current = null;
  };

  return (
    <div className="relative min-h-0 flex-1 bg-slate-50 text-slate-800">
      <div className="absolute top-2 right-2 z-10 flex gap-1" role="group" aria-label="Zoom">
        <button
          type="button"
          onClick={() => zoomCentre(1.25)}
          className={BUTTON}
          aria-label="Zoom in"
        >
          +
        </button>
        <button
          type="button"
          onClick={() => zoomCentre(0.8)}
          className={BUTTON}
          aria-label="Zoom out"
        >
          −
        </button>
        <button type="button" onClick={fit} className={BUTTON}>
          Fit
        </button>
        <span className="self-center px-1 text-xs text-slate-500 tabular-nums">
          {Math.round(view.scale * 100)}%
        </span>
      </div>
      <div
        ref={boxRef}
        className="h-full w-full cursor-grab touch-none overflow-hidden active:cursor-grabbing"
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        data-testid="diagram"
        data-scale={view.scale.toFixed(3)}
      >
        <svg
          className="h-full w-full"
          role="group"
          aria-label={`Schema diagram: ${layout.nodes.length} tables`}
        >
          <defs>
            <marker
              id="diagram-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="currentColor" className="text-slate-500" />
            </marker>
          </defs>
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
            {layout.edges.map((edge, index) => (
              <path
                key={index}
                d={edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ')}
                fill="none"
                stroke="currentColor"
                strokeWidth={1.2}
                className="text-slate-400"
                markerEnd="url(#diagram-arrow)"
              >
                <title>{edge.label}</title>
              </path>
            ))}
            {layout.nodes.map((placed) => (
              <TableBox
                key={placed.node.table}
                placed={placed}
                keysOnly={keysOnly}
                focused={placed.node.table === focus}
                onPreview={onPreview}
                onFocus={onFocus}
              />
            ))}
          </g>
        </svg>
      </div>
    </div>
  );
}

const BUTTON =
  'rounded border border-slate-300 bg-white px-2 py-0.5 text-sm text-slate-700 shadow-sm hover:border-teal-600 hover:text-teal-800';

function TableBox({
  placed,
  keysOnly,
  focused,
  onPreview,
  onFocus,
}: {
  placed: PlacedNode;
  keysOnly: boolean;
  focused: boolean;
  onPreview(table: string): void;
  onFocus(table: string): void;
}) {
  const { node, x, y, width, height, shownColumns } = placed;
  const listed = keysOnly ? node.columns.filter((c) => c.primaryKey || c.foreignKey) : node.columns;
  const hidden = node.columns.length - shownColumns;
  return (
    <g transform={`translate(${x} ${y})`} data-table={node.table}>
      {/* The whole box previews on a click; the keyboard reaches it through its title, whose
          name ("Preview Album") holds the visible text (label in name). */}
      <g className="cursor-pointer" onClick={() => onPreview(node.table)}>
        <rect
          width={width}
          height={height}
          rx={6}
          className={'fill-white ' + (focused ? 'stroke-teal-600' : 'stroke-slate-300')}
          strokeWidth={focused ? 2 : 1}
        />
        <g
          role="button"
          tabIndex={0}
          aria-label={`Preview ${node.table}${node.kind === 'view' ? ' (view)' : ''}`}
          className="outline-none [&:focus-visible>rect]:stroke-teal-600 [&:focus-visible>rect]:stroke-2"
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              onPreview(node.table);
            }
          }}
        >
          <rect
            width={width}
            height={BOX.header}
            rx={6}
            className={node.kind === 'view' ? 'fill-indigo-100' : 'fill-teal-50'}
          />
          <text x={BOX.padding} y={17} fontSize={13} fontWeight={600} fill="currentColor">
            {node.table}
            {node.kind === 'view' && (
              <tspan className="fill-indigo-700" fontWeight={400}>
                {' '}
                (view)
              </tspan>
            )}
          </text>
        </g>
        {listed.slice(0, shownColumns).map((column, index) => (
          <text
            key={column.name}
            x={BOX.padding}
            y={BOX.header + 14 + index * BOX.row}
            fontSize={11}
            fill="currentColor"
          >
            <tspan fontWeight={column.primaryKey ? 700 : 400}>{column.name}</tspan>
            {column.primaryKey && <tspan className="fill-amber-700"> PK</tspan>}
            {column.foreignKey && <tspan className="fill-teal-700"> FK</tspan>}
            <tspan className="fill-slate-500"> {column.type.toLowerCase()}</tspan>
          </text>
        ))}
        {hidden > 0 && (
          <text
            x={BOX.padding}
            y={BOX.header + 14 + shownColumns * BOX.row}
            fontSize={11}
            className="fill-slate-500"
          >
            + {hidden} more {hidden === 1 ? 'column' : 'columns'}
          </text>
        )}
      </g>
      <g
        role="button"
        tabIndex={0}
        aria-label={`Focus on ${node.table}`}
        className="cursor-pointer"
        onClick={() => onFocus(node.table)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onFocus(node.table);
          }
        }}
      >
        <title>Show {node.table} with its neighbours</title>
        <text x={width - 8} y={17} fontSize={12} textAnchor="end" className="fill-teal-700">
          ◎
        </text>
      </g>
    </g>
  );
}
