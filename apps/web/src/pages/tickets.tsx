import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { TicketView } from '@shared/contracts';
import { money } from '../api';

/** A scannable code of the ticket id, drawn in the browser. */
function TicketCode({ id }: { id: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    QRCode.toDataURL(id, { margin: 1, width: 120, errorCorrectionLevel: 'M' }).then(setSrc, () =>
      setSrc(undefined),
    );
  }, [id]);
  return src ? (
    <img src={src} width={120} height={120} alt={`QR code of ticket ${id}`} />
  ) : (
    <span className="qr-placeholder" aria-hidden="true" />
  );
}

export function Tickets({ tickets }: { tickets: readonly TicketView[] }) {
  return (
    <ul className="tickets" data-testid="tickets">
      {tickets.map((t) => (
        <li key={t.id} className="ticket">
          <TicketCode id={t.id} />
          <div>
            <strong>
              Section {t.section}, row {t.row}, seat {t.number}
            </strong>
            <div>{money(t.priceCents)}</div>
            <div className="muted small">
              Ticket {t.id} · {t.status === 'SOLD' ? 'valid' : t.status.toLowerCase()}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
