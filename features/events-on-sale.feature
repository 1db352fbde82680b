Feature: Events on sale
  Buyers browse what they can still book: upcoming published events by default, a sold-out
  event marked as such, past events only when they ask for them (?when=past). A draft shows
  its seller the capacity its layout will have, and a misspelt query parameter is refused
  instead of being silently ignored.

  Scenario: Buyers see upcoming events, sold-out ones marked, past ones only on request
    Given "Sue" has published "Old Gig" that started 3 days ago with 2 seats
    And "Sue" has published "Next Gig" starting in 5 days with 2 seats
    And "Sue" has published "Hot Gig" starting in 6 days with 2 seats
    When buyers book every seat of "Hot Gig"
    Then the events list shows "Next Gig" on sale and "Hot Gig" sold out
    And "Old Gig" is not in the events list
    But the events list with when=past shows "Old Gig"

  Scenario: A misspelt query parameter is refused on every route
    Given "Sue" has published "Query Gig" starting in 4 days with 2 seats
    When the events list, that event, the seller's own events and the event's analytics and orders are asked with "stauts=PAID"
    Then each answers 400 "HTTP_VALIDATION_FAILED"

  Scenario: A draft shows the capacity of its layout
    When "Sue" saves a draft with section "Stalls" of 3 rows of 8 seats and section "Box" of 1 row of 4 seats
    Then the draft shows section "Stalls" with capacity 24 and section "Box" with capacity 4
