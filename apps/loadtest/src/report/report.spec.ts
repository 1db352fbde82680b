import { LatencyRecorder } from '../metrics/latency-recorder';
import { buildReport, formatTable, renderHtml } from './report';

describe('run reports', () => {
  it('renders a self-contained page: inline SVG charts, no external script or style', () => {
    const r = new LatencyRecorder(0);
    for (let i = 0; i < 50; i++) r.record(10 + i, i % 5 !== 0, i * 100);
    const html = renderHtml(
      buildReport('spike', r, new Date(0), {
        interrupted: false,
        figures: { bookings: 40 },
        details: {},
      }),
    );
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('Throughput over time');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
  });

  it('aligns the terminal table', () => {
    expect(
      formatTable([
        { design: 'engine', 'p99 ms': 5 },
        { design: 'postgres', 'p99 ms': 120 },
      ]),
    ).toBe(
      ['design    p99 ms', '--------  ------', 'engine         5', 'postgres     120'].join('\n'),
    );
  });
});
