Feature: The seller's order list
  For customer service, an event's seller lists the event's bookings with their status, seats,
  amount, times and the buyer's name and email, filters them by status and exports them as
  CSV. Event-ticketing learns them from booking's status changes on Kafka. Nobody else can
  read the list: it answers 404 as if the event did not exist.

  Scenario: A seller finds a buyer's order and exports the paid ones
    Given "Olga" has published "Order Night" with section "A" of 1 row of 6 seats at 2500 cents
    When "Pia Buyer" books 2 best-available seats of "Order Night" and pays
    And "Quinn Buyer" books 1 best-available seat of "Order Night" and cancels
    Then Olga's order list of "Order Night" shows 2 orders, newest first
    And the PAID order is Pia Buyer's, with her email, 2 seats and 5000 cents
    And filtered by CANCELLED it shows only Quinn Buyer's order
    And the CSV export of the PAID orders has a header and Pia Buyer's order

  Scenario: Nobody but the seller reads the order list
    Given "Olga" has published "Quiet Night" with section "A" of 1 row of 2 seats at 1000 cents
    Then another seller asking for the orders of "Quiet Night" gets 404
    And a buyer asking for the orders of "Quiet Night" gets 404
    And nobody logged in asking for them gets 401
