"""The data subject's rights and the data's end: inzage (AVG art. 15) and retention (bewaartermijnen)."""
