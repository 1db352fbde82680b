/**
 * Waits for a booking to leave PROCESSING, the way a buyer's page does: the booking's SSE
 * stream (GET /api/bookings/:id/stream, first event = current status). Falls back to polling
 * GET /api/bookings/:id when the stream cannot be opened.
 */
import { BookingView, type BookingView as BookingViewValue } from '@shared/contracts';
import { sleep } from '@shared/util';
import type { ApiClient } from '../http/api-client';

export async function waitForDecision(
  api: ApiClient,
  bookingOrigin: string,
  token: string,
  id: string,
  timeoutMs: number,
): Promise<BookingViewValue | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetch(new URL(`/api/bookings/${id}/stream`, bookingOrigin), {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    if (res.status === 200 && res.body) {
      const decided = await readUntilDecided(res.body, abort);
      if (decided) return decided;
    } else {
      await res.body?.cancel();
    }
  } catch {
    // Timed out or the stream broke: polling below decides.
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; Date.now() < deadline; wait = Math.min(wait * 2, 500)) {
    const view = await api.booking(token, id).catch(() => undefined);
    if (view && view.status !== 'PROCESSING') return view;
    await sleep(wait);
  }
  return undefined;
}

async function readUntilDecided(
  body: ReadableStream<Uint8Array>,
  abort: AbortController,
): Promise<BookingViewValue | undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return undefined;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      if (!lines.some((l) => l === 'event: status' || l === 'event:status')) continue;
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      const view = BookingView.safeParse(JSON.parse(data));
      if (view.success && view.data.status !== 'PROCESSING') {
        abort.abort();
        return view.data;
      }
    }
  }
}

/** A failure reason as a stable code: "SOLD_OUT: no seats" -> "SOLD_OUT". */
export function reasonCode(reason: string | null | undefined): string {
  return reason?.match(/[A-Z][A-Z_]{3,}/)?.[0] ?? (reason ? reason.slice(0, 40) : 'UNKNOWN');
}
