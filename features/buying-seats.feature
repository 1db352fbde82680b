Feature: Buying seats
  Buyers browse published events and their seat map, pick seats without ever getting a seat
  someone else holds, pay within the payment window, follow their booking live, and find their
  bookings with their tickets in their history.

  Scenario: A buyer browses events and the seat map
    Given a published event "Summer Concert" at "Open Air Stage" with section "A" of 2 rows of 5 seats at 4000 cents
    When a buyer searches events for "summer"
    Then the search finds "Summer Concert" with 10 available seats at 4000 cents
    And the seat map of section "A" shows 10 seats, all AVAILABLE

  Scenario: Two buyers want the same seat at the same time
    Given a published event "Cup Final" at "Stadium" with section "A" of 1 rows of 4 seats at 2500 cents
    When "ann" and "ben" both ask for seat "A-1-2" at the same moment
    Then exactly one of them holds "A-1-2", awaiting payment
    And the other's booking failed with a reason naming "A-1-2"
    And the seat map shows "A-1-2" as RESERVED

  Scenario: A buyer pays within the payment window
    Given a published event "Opera Night" at "Opera House" with section "A" of 2 rows of 5 seats at 4000 cents
    When "cat" books 2 best-available seats in section "A"
    Then her booking awaits payment for 2 seats, 8000 cents in all, until the window ends
    When she pays with card "4242424242424242"
    Then her booking is PAID
    And the seat map shows her seats as SOLD

  Scenario: A hold not paid in time is released
    Given a published event "Late Show" at "Club" with section "A" of 1 rows of 2 seats at 1500 cents
    When "dan" books seat "A-1-1" and does not pay
    Then once the payment window has passed his booking is EXPIRED
    And paying for it is refused with 409 "BOOKING_EXPIRED"
    And "eve" can then book seat "A-1-1"

  Scenario: A buyer's history lists bookings with their tickets
    Given a published event "Jazz Evening" at "Blue Room" with section "A" of 1 rows of 5 seats at 3000 cents
    And "fay" has paid for seats "A-1-1,A-1-2" and cancelled a hold on seat "A-1-3"
    When she opens her booking history
    Then it lists the PAID booking with tickets "A-1-1,A-1-2", SOLD at 3000 cents each
    And it lists the CANCELLED booking with ticket "A-1-3", AVAILABLE again
    And "gus" sees none of her bookings in his history

  Scenario: A buyer follows the booking's status live
    Given a published event "Comedy Club" at "Cellar" with section "A" of 1 rows of 5 seats at 2000 cents
    When "hal" books seat "A-1-5" and opens its status stream
    Then the stream tells him the booking awaits payment
    When he pays with card "4242424242424242"
    Then the stream tells him the booking is PAID
    And the stream then ends

  Scenario: A buyer filters the booking history by status
    Given a published event "Folk Night" at "Barn" with section "A" of 1 rows of 4 seats at 2500 cents
    And "ida" has paid for seat "A-1-1" and cancelled a hold on seat "A-1-2"
    When she asks for her bookings with status "PAID"
    Then only the PAID booking is listed
    When she asks for her bookings with status "PAID,CANCELLED"
    Then both bookings are listed
    And asking with an unknown parameter "stauts=PAID" is refused with 400

  Scenario: A buyer cancels while the seats are still being found
    Given a published event "Rock Gala" at "Hall" with section "A" of 1 rows of 3 seats at 3500 cents
    And the seat engine is not answering
    When "jon" books seat "A-1-1" and cancels before the seat engine decided
    Then his booking is CANCELLED at once
    When the seat engine is back
    Then his booking stays CANCELLED and holds no seats
    And "kim" can then book seat "A-1-1"

  Scenario: The status stream of a finished booking sends the final status and ends
    Given a published event "Poetry Slam" at "Library" with section "A" of 1 rows of 2 seats at 1000 cents
    And "lea" has cancelled a hold on seat "A-1-1"
    When she opens the booking's status stream
    Then the stream sends CANCELLED and ends

  Scenario: Booking an event that has already started is refused
    Given a published event "Yesterday's Show" that started yesterday
    When "max" books a seat of it
    Then the booking is refused with 409 "BOOKING_EVENT_PAST"
