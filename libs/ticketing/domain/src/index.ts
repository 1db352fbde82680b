/**
 * @packageDocumentation
 * Event-ticketing's pure core: seating layout rules and expansion into seats, the ticket status
 * rule (seq-guarded, never regressing) and the sales analytics fold. No IO.
 */
export { layoutProblems, seatCount, expandSeats, seatId, type SeatColumns } from './layout';
export { seatChangesOf, supersedes, latestPerSeat, type SeatChange } from './ticket-transitions';
export {
  summarizeSales,
  type StatusCount,
  type SectionSales,
  type SalesSummary,
} from './analytics';
