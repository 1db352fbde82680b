import { createLogger } from '@shared/util';
import { LiveSections } from './live-sections';
import { StreamSession, type OutboundMessage } from './stream-session';
import { parseSeenSeqs } from './sse-id';
import { SectionScript } from './testing/section-script';

const log = createLogger('test', 'silent');

function setup() {
  const live = new LiveSections(log, { maxDeltasPerSection: 3 });
  const a = new SectionScript('e1', 'A', [{ label: '1', seats: 6 }]);
  const b = new SectionScript('e1', 'B', [{ label: '1', seats: 6 }]);
  live.applySnapshot(a.snapshotState());
  live.applySnapshot(b.snapshotState());
  const sent: OutboundMessage[] = [];
  const open = (section: string | undefined, lastEventId?: string) => {
    const session = new StreamSession(live, 'e1', section, (m) => (sent.push(m), true));
    session.open(parseSeenSeqs(lastEventId));
    return session;
  };
  const summary = () =>
    sent.map((m) => {
      const data = JSON.parse(m.data);
      return m.event === 'snapshot'
        ? `snapshot ${data.sections.map((s: { section: string; seq: number }) => `${s.section}@${s.seq}`).join(',')} [${m.id}]`
        : `delta ${data.section}@${data.seq} [${m.id}]`;
    });
  return { live, a, b, sent, open, summary };
}

describe('an SSE stream session', () => {
  it('starts with a snapshot of every section, then live deltas with the seq vector as id', () => {
    const { live, a, b, open, summary } = setup();
    open(undefined);
    live.applyDelta(a.reserve('A-1-1'));
    live.applyDelta(b.reserve('B-1-1'));
    expect(summary()).toEqual([
      'snapshot A@0,B@0 [A.0~B.0]',
      'delta A@1 [A.1~B.0]',
      'delta B@1 [A.1~B.1]',
    ]);
  });

  it('resumes from Last-Event-ID with exactly the missed deltas', () => {
    const { live, a, b, open, summary } = setup();
    live.applyDelta(a.reserve('A-1-1')); // A@1
    live.applyDelta(a.reserve('A-1-2')); // A@2
    live.applyDelta(b.reserve('B-1-1')); // B@1
    open(undefined, 'A.1~B.1');
    live.applyDelta(a.reserve('A-1-3'));
    expect(summary()).toEqual(['delta A@2 [A.2~B.1]', 'delta A@3 [A.3~B.1]']);
  });

  it('sends a fresh snapshot of a section the buffer no longer reaches back for', () => {
    const { live, a, b, open, summary } = setup();
    for (let s = 1; s <= 5; s++) live.applyDelta(a.reserve(`A-1-${s}`)); // buffer keeps 3..5
    live.applyDelta(b.reserve('B-1-1'));
    open(undefined, 'A.1~B.0');
    expect(summary()).toEqual(['snapshot A@5 [A.5~B.0]', 'delta B@1 [A.5~B.1]']);
  });

  it('filters by section, and ignores ids of other sections', () => {
    const { live, a, b, open, summary } = setup();
    open('B', 'A.0');
    live.applyDelta(a.reserve('A-1-1'));
    live.applyDelta(b.reserve('B-1-1'));
    expect(summary()).toEqual(['snapshot B@0 [B.0]', 'delta B@1 [B.1]']);
  });

  it('sends a snapshot of a section that appears while the client is connected', () => {
    const { live, open, summary } = setup();
    open(undefined);
    const c = new SectionScript('e1', 'C', [{ label: '1', seats: 2 }]);
    live.applySnapshot(c.snapshotState());
    expect(summary()).toEqual(['snapshot A@0,B@0 [A.0~B.0]', 'snapshot C@0 [A.0~B.0~C.0]']);
  });

  it('stops listening once closed', () => {
    const { live, a, open, sent } = setup();
    open(undefined).close();
    live.applyDelta(a.reserve('A-1-1'));
    expect(sent).toHaveLength(1);
    expect(live.subscriberCount()).toBe(0);
  });
});
