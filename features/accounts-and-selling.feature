Feature: Accounts and selling
  Buyers and sellers sign up, log in and out; a seller builds an event with custom seating,
  publishes it, and it appears for buyers; its sales figures are the seller's alone.

  Scenario: A buyer signs up, logs in and logs out
    When "ann@example.com" registers as a buyer
    And "ann@example.com" logs in
    Then her own account answers with the role "buyer"
    When she logs out
    Then her token is refused with 401

  Scenario: A seller publishes an event that buyers can find
    Given a seller and a buyer, both logged in
    When the seller creates "Gala night" at "Royal Hall" with sections "A" and "B" of 2 rows of 10 seats
    Then the buyer may not create an event (403)
    When the seller publishes the event
    Then searching events for "gala" finds it with 40 available seats
    And another seller asking for its analytics gets 404
