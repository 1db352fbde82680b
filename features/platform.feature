Feature: Seat commands travel exactly once
  The engine never sells a seat twice because a seat command is either committed with
  everything it caused, or not seen at all. This is the broker behaviour the design rests on.

  Scenario: A committed command reaches the seat processor, an aborted one never does
    Given the topic table of the system, created in a fresh namespace
    When a producer commits a ReserveSeats command for section "A" of event "evt_gala"
    And a producer aborts a ReserveSeats command for section "B" of event "evt_gala"
    Then a read_committed consumer of the command topic receives exactly 1 command
    And that command is a valid ReserveSeats for section "A"
    And it arrived on the partition the event's section assignment names
