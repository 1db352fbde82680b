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
  let decided: BookingViewValue | undefined;
  try {
    await api.http.stream(
      new URL(`/api/bookings/${id}/stream`, bookingOrigin),
      { authorization: `Bearer ${token}` },
      timeoutMs,
      (event, data) => {
        if (event !== 'status') return false;
        // Only the status is looked at until it is a decision; then the view is checked.
        if (data.includes('"status":"PROCESSING"')) return false;
        const view = BookingView.safeParse(JSON.parse(data));
        if (!view.success || view.data.status === 'PROCESSING') return false;
        decided = view.data;
        return true;
      },
    );
  } catch {
    // The stream broke: polling below decides.
  }
  if (decided) return decided;
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; Date.now() < deadline; wait = Math.min(wait * 2, 500)) {
    const view = await api.booking(token, id).catch(() => undefined);
    if (view && view.status !== 'PROCESSING') return view;
    await sleep(wait);
  }
  return undefined;
}

/** A failure reason as a stable code: "SOLD_OUT: no seats" -> "SOLD_OUT". */
export function reasonCode(reason: string | null | undefined): string {
  return reason?.match(/[A-Z][A-Z_]{3,}/)?.[0] ?? (reason ? reason.slice(0, 40) : 'UNKNOWN');
}
