import { useMemo, useState } from 'react';
import type { SectionInput } from '@shared/contracts';
import { useEventStream, type StreamState } from '../sse';
import { SeatMap, type DeltaData, type SnapshotData } from './seat-model';

/**
 * The event's seat map kept live by seat-reservation's stream: a snapshot, then deltas. A
 * delta that does not follow the state held reopens the stream for a fresh snapshot.
 */
export function useLiveSeatMap(
  eventId: string,
  layout: readonly SectionInput[] | undefined,
  onDelta?: (delta: DeltaData, map: SeatMap) => void,
): { map: SeatMap | undefined; version: number; state: StreamState } {
  const map = useMemo(() => (layout ? new SeatMap(layout) : undefined), [layout]);
  const [version, setVersion] = useState(0);
  const [generation, setGeneration] = useState(0);
  const state = useEventStream(
    map ? `/api/events/${encodeURIComponent(eventId)}/stream` : undefined,
    {
      snapshot: (data) => {
        map!.applySnapshot(data as SnapshotData);
        setVersion(map!.version);
      },
      delta: (data) => {
        const delta = data as DeltaData;
        if (!map!.applyDelta(delta)) {
          setGeneration((g) => g + 1);
          return;
        }
        setVersion(map!.version);
        onDelta?.(delta, map!);
      },
    },
    generation,
  );
  return { map, version, state };
}
