Feature: A seller watches the sales of their event
  A seller follows an event on sale live: every sale moves the figures of their analytics, and
  the seat map shows which seats are held or sold and since when, with no buyer's data. The
  seats are assigned by the real seat-reservation engine, as in production.

  Scenario: A sale moves the seller's live figures and seat map
    Given a seller has published "Jazz night" with section "A" of 1 row of 10 seats at 3000 cents
    And a seat-reservation node runs the event's sections
    And the seller watches the event's live analytics
    When a booking holds seats "A-1-1" and "A-1-2"
    Then the live figures show 2 seats reserved and 8 available
    When that booking is paid
    Then the live figures show 2 seats sold and 6000 cents of revenue
    And the seller's seat map lists "A-1-1" and "A-1-2" as sold, with the time of the sale
    And the seat map holds no buyer data
    But another seller asking for that seat map gets 404
