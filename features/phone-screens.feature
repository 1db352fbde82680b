Feature: The web UI on a phone
  Buyers and sellers use the web UI on phones: every page fits a screen 390 px wide, so nothing
  is hidden past its right edge and no page scrolls sideways (the seat map scrolls inside its
  own frame).

  Scenario: Every page fits a 390 px wide screen
    Given the web UI and a seller's published event whose rows are 40 seats wide
    And a buyer holds seats of it
    When the buyer and the seller open each of their pages on a phone 390 px wide
    Then no page is wider than the screen
