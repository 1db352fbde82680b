/**
 * @packageDocumentation
 * Event-ticketing's pure core: seating layout rules and expansion into seats, the ticket status
 * rule (seq-guarded, never regressing), the sales analytics fold, and the seller's order list
 * as a projection of booking status changes (with its CSV lines). No IO.
 */
export { layoutProblems, seatCount, expandSeats, seatId, type SeatColumns } from './layout';
export { seatChangesOf, supersedes, latestPerSeat, type SeatChange } from './ticket-transitions';
export {
  summarizeSales,
  layoutCounts,
  type StatusCount,
  type SectionSales,
  type SalesSummary,
} from './analytics';
export {
  orderChangeOf,
  orderRank,
  supersedesOrder,
  latestPerOrder,
  type OrderChange,
} from './orders';
export {
  ORDER_CSV_COLUMNS,
  csvCell,
  orderCsvHeader,
  orderCsvLine,
  type OrderCsvRow,
} from './orders-csv';
