import { money } from '../api';
import type { SectionModel } from './seat-model';

/** Green while plenty is left, amber when it runs low, grey when gone. */
function availabilityColour(available: number, capacity: number): string {
  if (available === 0) return '#d0d7de';
  const share = available / Math.max(1, capacity);
  if (share > 0.5) return '#2da44e';
  if (share > 0.2) return '#7bc96f';
  return '#e3b341';
}

/**
 * Every section as a tile, sized by its seat count and coloured by live availability. A tile
 * is a button: choosing it opens the section's seat map.
 */
export function SectionOverview({
  sections,
  chosen,
  onChoose,
}: {
  sections: readonly SectionModel[];
  chosen: string | undefined;
  onChoose: (name: string) => void;
}) {
  const largest = Math.max(1, ...sections.map((s) => s.capacity));
  return (
    <div className="overview" role="group" aria-label="Sections">
      <div className="stage" aria-hidden="true">
        Stage
      </div>
      <div className="overview-tiles">
        {sections.map((s) => (
          <button
            key={s.name}
            type="button"
            className={`tile${chosen === s.name ? ' chosen' : ''}`}
            style={{
              background: availabilityColour(s.available, s.capacity),
              flexGrow: 1 + Math.round((4 * s.capacity) / largest),
            }}
            aria-pressed={chosen === s.name}
            data-testid={`section-${s.name}`}
            onClick={() => onChoose(s.name)}
          >
            <strong>Section {s.name}</strong>
            <span>{money(s.price)}</span>
            <span data-testid={`available-${s.name}`}>
              {s.available.toLocaleString()} of {s.capacity.toLocaleString()} left
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
